#!/usr/bin/env python
from klynge.__main__ import main

if __name__ == "__main__":
    main()
