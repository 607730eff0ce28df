"""Minutes and an agenda as a secretariat writes them, shared by the archive's tests."""

MINUTES = """Styregruppen for Sundhedsklynge Nord

Referat fra møde den 12. marts 2019 kl. 13.00-15.00

Sted: Rådhuset, mødelokale 2

Deltagere:
Anne Holm, direktør, Aalborg Kommune
Bo Lund, vicedirektør, Aalborg Universitetshospital
Carl Friis, praktiserende læge

Afbud:
Dorte Vang, Region Nordjylland

Erik Nør deltog for Dorte Vang.

Punkt 1. Godkendelse af dagsorden
Beslutning
Dagsordenen blev godkendt.

Punkt 2. Rygestop for borgere med KOL
Sagsnr.: 19/1234
Det indstilles, at styregruppen godkender indsatsen.
Sagsfremstilling
Arbejdsgruppen har beskrevet et fælles forløb.
Beslutning
Godkendt.
"""

AGENDA = """Styregruppen for Sundhedsklynge Nord

Dagsorden til møde den 9. april 2019 kl. 13.00

Punkt 1. Godkendelse af dagsorden

Punkt 2. Status på handleplanen
Sagsfremstilling
Sekretariatet giver en status.
"""
