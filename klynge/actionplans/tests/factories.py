"""Test data for the action plan."""

CONFIRMATION = {
    "what": "IPS-forløb for 15-17-årige i Jammerbugt",
    "who": "Jobcentret og Børne- og Ungdomspsykiatrien",
    "where": "Jammerbugt Kommune",
    "when": "Fra 1. september 2023",
    "patient_involvement": "Unge og forældre beskriver behovet i to workshops.",
}
