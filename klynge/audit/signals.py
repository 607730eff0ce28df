from django.dispatch import Signal

#: Sent by `record` for every audited change, with `instance` (the object, as the service
#: left it) and `action`. It reaches writes no `post_save` announces: the services' guarded
#: `filter(…, version=…).update(…)`.
recorded = Signal()
