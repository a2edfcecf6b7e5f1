"""The sixth meeting of the Bali Process Technical Experts Group on Returns and Reintegration
(Bangkok, 4-6 March 2024): the demo meeting. Agenda and themes as held; delegations plausible."""

MEETING = {
    "title": "Sixth Bali Process Meeting of the Technical Experts Group on Returns and Reintegration",
    "slug": "teg-rr-6",
    "process": "Bali Process on People Smuggling, Trafficking in Persons and Related Transnational Crime",
    "body": "Technical Experts Group on Returns and Reintegration",
    "ordinal": 6,
    "city": "Bangkok",
    "country": "Thailand",
    "venue": "Bali Process Regional Support Office",
    "start_date": "2024-03-04",
    "end_date": "2024-03-06",
    "modality": "in_person",
}

THEMES = [
    "Returns and reintegration of trafficking victims",
    "Returns and reintegration of vulnerable migrants",
]

# (day, starts_at, minutes, kind, title, theme index or None)
AGENDA = [
    (1, "09:00", 30, "opening", "Opening and welcome by the co-chairs", None),
    (1, "09:30", 90, "presentation", "Returns and reintegration of trafficking victims: presentations", 0),
    (1, "11:00", 15, "break", "Morning tea", None),
    (1, "11:15", 105, "workshop", "Good practices on returns and reintegration of trafficking victims", 0),
    (1, "13:00", 60, "break", "Lunch", None),
    (1, "14:00", 120, "group_work", "Group work: priority issues for trafficking victims", 0),
    (2, "09:00", 90, "presentation", "Returns and reintegration of vulnerable migrants: presentations", 1),
    (2, "10:30", 15, "break", "Morning tea", None),
    (2, "10:45", 105, "workshop", "Good practices on returns and reintegration of vulnerable migrants", 1),
    (2, "12:30", 60, "break", "Lunch", None),
    (2, "13:30", 90, "group_work", "Group work: cross-border knowledge sharing", 1),
    (2, "15:00", 60, "outcomes", "Report back from groups", None),
    (3, "09:00", 150, "drafting", "Forward Work Plan drafting session", None),
    (3, "11:30", 60, "prioritisation", "Prioritising FWP activities", None),
    (3, "12:30", 45, "closing", "Outcomes and close", None),
]

FWP_SECTIONS = [
    "Purpose and scope",
    "Objective 1: Victim-centred returns and reintegration",
    "Objective 2: National policies and procedures on returns and reintegration",
    "Objective 3: Collaboration across Bali Process working groups",
    "Returns and Reintegration Register",
    "Implementation, monitoring and evaluation",
]

CO_CHAIRS = ["Australia", "Philippines"]

DELEGATIONS = {
    "member_state": [
        "Afghanistan", "Australia", "Bangladesh", "Cambodia", "Fiji", "Indonesia", "Japan", "Lao PDR",
        "Malaysia", "Maldives", "Mongolia", "Myanmar", "Nepal", "New Zealand", "Pakistan",
        "Papua New Guinea", "Philippines", "Republic of Korea", "Sri Lanka", "Thailand", "Timor-Leste",
        "Viet Nam",
    ],
    "member_organisation": [
        "International Organization for Migration (IOM)",
        "Office of the United Nations High Commissioner for Refugees (UNHCR)",
        "United Nations Office on Drugs and Crime (UNODC)",
        "International Labour Organization (ILO)",
    ],
    "secretariat": ["Regional Support Office of the Bali Process (RSO)"],
    "observer_state": ["Canada", "United Kingdom"],
    "observer_organisation": ["International Centre for Migration Policy Development (ICMPD)"],
}
APOLOGIES = ["Nauru", "Solomon Islands"]
