"""The meetings of the seed documents (Aarhusklyngen 2025 and 2017, Sundhedsklynge Midt 2023)
and the upcoming ones, written as the secretariats would."""

import datetime

from klynge.accounts.models import User
from klynge.demo.builder import (
    CASE,
    DemoBuilder,
    Kind,
    _absent,
    _walk,
    _write_decisions,
)
from klynge.meetings import services as meeting_services
from klynge.meetings.models import Attendance, Meeting, MeetingStatus
from klynge.organisations.models import Body


def _aarhus_2025(b: DemoBuilder, body: Body, sec: User) -> Meeting:
    meeting = meeting_services.create_meeting(
        actor=None,
        body=body,
        standing_items=False,
        values={
            "title": "Aarhusklyngen",
            "date": datetime.date(2025, 5, 2),
            "start_time": datetime.time(9, 0),
            "end_time": datetime.time(12, 0),
            "place": "DokkX, Hack Kampmanns Plads 2, 8000 Aarhus C, Undervisningslokale 2",
            "chair": b.people["Christian Bruun"],
        },
    )
    items = [
        b.item(
            meeting,
            title="Velkommen og præsentation",
            case_number=CASE,
            kind=Kind.ORIENTATION,
            presentation="<p>Formandskabet byder velkommen, og de nye medlemmer præsenterer sig.</p>",
            decision="Nye medlemmer blev budt velkommen.",
        ),
        b.item(
            meeting,
            title="Samarbejdet på sundhedsområdet under den nuværende og kommende struktur",
            case_number=CASE,
            kind=Kind.DISCUSSION,
            recommendation=[
                "at klyngen drøfter, hvordan de fælles pejlemærker for implementering af sundhedsreformen omsættes i klyngesamarbejdet, og",
                "at klyngen drøfter perspektiver på samarbejdet i lyset af aftalen om sundhedsreform 2024",
            ],
            presentation="<p>Aftalen om sundhedsreformen fra 15. november 2024 etablerer 17 sundhedsråd, heraf 5 i Region Midtjylland og 1 i Aarhusklyngen. Sundhedsrådene træder i kraft 1. januar 2027 og fungerer i 2026 som forberedende sundhedsråd.</p><p>KL og Danske Regioner har 30. januar 2025 udgivet seks fælles pejlemærker for implementeringen.</p>",
            decision="Klyngen drøftede samarbejdet om sundhedsreformen og dilemmaerne i implementeringen.\nDer var enighed om, at de bilaterale dialoger mellem regionen og de to kommuner er et godt afsæt for det videre samarbejde.",
            bilag=["Seks pejlemærker for implementering af sundhedsreformen.docx"],
        ),
        b.item(
            meeting,
            title="Status på de prioriterede temaer i Aarhusklyngen",
            case_number=CASE,
            kind=Kind.ORIENTATION,
            recommendation=[
                "at orienteringen om status på de prioriterede temaer og klyngens øvrige initiativer tages til efterretning"
            ],
            presentation="<p>Klyngens prioriterede temaer:</p><ul><li>Børn og unges mentale sundhed og trivsel</li><li>Digitale løsninger og velfærdsteknologi</li><li>Fælles investeringer i sundhed, herunder borgere med lungeproblemer</li></ul><p>Center for Trivsel åbnede i januar 2025 for skolebørn og unge på 5-17 år med lette til moderate symptomer på psykisk mistrivsel. Virtuelle udskrivelsesmøder afprøves på 2 afdelinger og udvides med 7 mere.</p>",
            decision="Klyngen tog orienteringen til efterretning.",
            bilag=["Status på samarbejdsinitiativer i Aarhusklyngen, april 2025.docx"],
        ),
        b.item(
            meeting,
            title="Samarbejdsaftale om lægedækning på de midlertidige pladser på Vikærgården",
            case_number=CASE,
            kind=Kind.ORIENTATION,
            recommendation=["at orienteringen tages til efterretning"],
            presentation="<p>Læger fra hospitalet dækker borgerens første 1-2 uger på de midlertidige pladser, hvorefter behandlingsansvaret går tilbage til egen læge. Aftalen skal forebygge genindlæggelser og forventes implementeret 1. september 2025 for et år, med evaluering.</p>",
            presenters_text="cheflæge, Ældresygdomme, og vicechef, Vikærgården",
            decision="Klyngen tog orienteringen til efterretning. De praktiserende læger ser positivt på aftalen.",
            bilag=["Oplæg om lægedækning på Vikærgården.docx"],
        ),
        b.item(
            meeting,
            title="Velfærdsteknologiens Hus",
            case_number=CASE,
            kind=Kind.DISCUSSION,
            recommendation=[
                "at statusorienteringen tages til efterretning",
                "at de regionale perspektiver for samarbejdet i Velfærdsteknologiens Hus drøftes",
            ],
            presentation="<p>Byrådet har besluttet at købe en ejendom tæt på Skejby med indflytning i september 2027.</p>",
            decision="Klyngen tog statusorienteringen til efterretning. Der er fortsat fælles opbakning til Velfærdsteknologiens Hus.",
            bilag=["Oplæg om Velfærdsteknologiens Hus.docx"],
        ),
        b.item(
            meeting,
            title="Orientering om møde om færdigbehandlede patienter i psykiatrien",
            case_number=CASE,
            kind=Kind.ORIENTATION,
            is_closed=True,
            recommendation=["at orienteringen tages til efterretning"],
            presentation="<p>Kommunen og regionen mødes om færdigbehandlede patienter, der ikke kan udskrives på grund af manglende kommunalt tilbud.</p>",
            decision="Orienteringen blev taget til efterretning. Klyngen udvekslede synspunkter på problemstillingen.",
        ),
        b.item(
            meeting,
            title="Rundvisning på DokkX-udstillingen",
            case_number=CASE,
            kind=Kind.FOR_INFORMATION,
            presentation="<p>DokkX er en interaktiv udstilling med velfærdsteknologi og hjælpemidler.</p>",
        ),
        b.item(
            meeting,
            title="Eventuelt",
            case_number=CASE,
            kind=Kind.ANY_OTHER_BUSINESS,
            decision="Intet.",
        ),
    ]
    _walk(meeting, MeetingStatus.HELD)
    _absent(meeting, "Anne Winther", "Martin Meldgaard", "Else Kastrup", builder=b)
    _write_decisions(meeting, items)
    _walk_from_held(meeting, sec)
    return meeting


def _walk_from_held(meeting: Meeting, approver: User) -> None:
    meeting_services.change_meeting_status(
        actor=None, meeting=meeting, to_status=MeetingStatus.MINUTES_DRAFT
    )
    meeting_services.approve_minutes(actor=approver, meeting=meeting)
    meeting.refresh_from_db()
    meeting_services.change_meeting_status(
        actor=None, meeting=meeting, to_status=MeetingStatus.MINUTES_PUBLISHED
    )


def _aarhus_dir_2017(b: DemoBuilder, body: Body, sec: User) -> Meeting:
    meeting = meeting_services.create_meeting(
        actor=None,
        body=body,
        standing_items=False,
        values={
            "title": "Direktørforum i Aarhus-klyngen",
            "date": datetime.date(2017, 3, 24),
            "start_time": datetime.time(9, 0),
            "end_time": datetime.time(11, 0),
            "place": "Rådhuset, Rådhuspladsen, 8000 Aarhus C",
            "chair": b.people["Hanne Lind"],
        },
    )
    items = [
        b.item(
            meeting,
            title="Godkendelse af dagsorden",
            kind=Kind.APPROVAL,
            decision="Dagsordenen blev godkendt. Direktørforum bød velkommen til fire nye medlemmer.",
        ),
        b.item(
            meeting,
            title="Temadrøftelse: Sundhed og arbejdsmarked",
            kind=Kind.DISCUSSION,
            presenters=["Anna Marie Mikkelborg"],
            presentation="<p>Arbejdsgruppen foreslår fire satsningsområder: fælles sprog, særlig satsning på unge, et rummeligt arbejdsmarked og udbygning af fælles data.</p>",
            decision="Direktørforum ønsker at fokusere på målgruppen unge sårbare.\nArbejdsgruppen udarbejder en ramme for det videre arbejde. Det undersøges, om der kan hentes inspiration fra andre kommuner og regioner.",
        ),
        b.item(
            meeting,
            title="BorgerDesign Aarhus",
            kind=Kind.DECISION,
            recommendation=[
                "at BorgerDesign Aarhus frem til august 2017 arbejder med målgruppen unge med type 1-diabetes"
            ],
            presentation="<p>Der arbejdes med en konsortiemodel med de 19 kommuner, regionen og klyngen i en 2-årig periode; udgiften pr. klynge er ca. 350.000 kr.</p>",
            decision="Direktørforum godkendte målgruppen unge med type 1-diabetes.\nSekretariatet sender materiale om budget og konsortiemodel ud til medlemmerne.",
        ),
        b.item(
            meeting,
            title="Oplæg om forskningssporet Tværspor",
            kind=Kind.ORIENTATION,
            presenters=["Jørgen Schmidt Kristiansen"],
            presentation="<p>Data for 2007-2015: 61 borgere står for 5 % af indlæggelserne i en naboklynge.</p>",
            decision="Direktørforum takkede for oplægget. Muligheden for at samkøre data er også et ønske i Aarhus-klyngen.",
        ),
        b.item(
            meeting,
            title="Forventninger til næste temadrøftelse: Psykiatri",
            kind=Kind.DISCUSSION,
            decision="Regionens psykiatri og kommunen forbereder temadrøftelsen til næste møde.",
        ),
        b.item(meeting, title="Eventuelt", kind=Kind.ANY_OTHER_BUSINESS, decision="Ingen punkter."),
        b.item(
            meeting,
            title="Til orientering",
            kind=Kind.FOR_INFORMATION,
            decision="Ingen bemærkninger til det fremsendte materiale.",
        ),
    ]
    _walk(meeting, MeetingStatus.HELD)
    _absent(meeting, "Claus Thorsen", "Jette Kolind", builder=b)
    vibeke = Attendance.objects.get(meeting=meeting, person=b.people["Vibeke Juhl"])
    meeting_services.set_attendance(
        actor=None,
        attendance=vibeke,
        status=Attendance.Status.ATTENDING,
        note="Kaldt til andet møde under punkt 2",
        absent_items=[items[1]],
    )
    _write_decisions(meeting, items)
    _walk_from_held(meeting, sec)
    return meeting


def _midt_2023(b: DemoBuilder, body: Body, formand: User) -> Meeting:
    meeting = meeting_services.create_meeting(
        actor=None,
        body=body,
        standing_items=False,
        values={
            "title": "Politisk Niveau, Sundhedsklynge Midt",
            "date": datetime.date(2023, 5, 24),
            "start_time": datetime.time(16, 0),
            "end_time": datetime.time(18, 0),
            "place": "Hjulmagervej 22, 9000 Aalborg, mødelokale 1",
            "chair": b.people["Morten Lindgaard"],
        },
    )
    items = [
        b.item(
            meeting,
            title="Godkendelse af dagsorden",
            kind=Kind.APPROVAL,
            presenters=["Morten Lindgaard"],
            decision="Ingen bemærkninger.",
        ),
        b.item(
            meeting,
            title="Tema: IPS for de 15-17-årige i Aalborg Kommune",
            kind=Kind.DISCUSSION,
            start_time=datetime.time(16, 0),
            end_time=datetime.time(16, 40),
            presenters_text="afdelingsleder, Uddannelseshuset, og IPS-konsulent",
            recommendation=["at Politisk Niveau drøfter erfaringerne fra IPS-indsatsen"],
            presentation="<p>Indsatsen “Udbredelse af IPS til unge i alderen 15-17 år” blev godkendt 13. marts og udbredes fra Aalborg til Jammerbugt.</p><p>Pr. november 2022 er 153 borgere startet i et IPS-forløb; 86 er i gang og 67 har afsluttet. 31 % af de afsluttede er i job, fleksjob eller uddannelse 3 måneder efter. 96 % oplever indsatsen som meningsfuld.</p>",
            decision="Punktet blev indledt med et oplæg om erfaringerne med den nye målgruppe. Indsatsen blev drøftet, herunder potentialet i at udvide målgruppen yderligere.",
        ),
        b.item(
            meeting,
            title="Status for handleplan",
            kind=Kind.ORIENTATION,
            start_time=datetime.time(16, 40),
            end_time=datetime.time(16, 50),
            presenters=["Mikkel Grimstrup", "Daniel Kjærsgaard"],
            recommendation=["at Politisk Niveau tager status til efterretning"],
            presentation="<p>Handleplanen er en bestilling af 15 indsatser fra politisk niveau. Leverandøren laver en ordrebekræftelse med leveringsbetingelserne (hvad, hvem, hvor og hvornår), som godkendes i Chefforum og derefter i Direktørforum. Status (grøn-gul-rød) indhentes til Chefforums møder.</p>",
            decision="Governancemodellen blev gennemgået. Indsatserne i handleplanen er igangsat.",
        ),
        b.item(
            meeting,
            title="Indsats 10: De ældste 2 % med mange sygehuskontakter",
            kind=Kind.ORIENTATION,
            start_time=datetime.time(16, 50),
            end_time=datetime.time(17, 0),
            presenters=["Mikkel Grimstrup", "Daniel Kjærsgaard"],
            presentation="<p>Ved godkendelsen 13. marts blev indsats 10 bedt konkretiseret. Direktørforum besluttede 17. april, at målgruppen er de ældste 2 %.</p>",
            decision="Der var opbakning til målgruppen og interventionerne, og der ønskes en målrettet opfølgning på indsatsen.",
        ),
        b.item(
            meeting,
            title="Dialog med Patientinddragelsesudvalget",
            kind=Kind.DISCUSSION,
            start_time=datetime.time(17, 0),
            end_time=datetime.time(17, 40),
            recommendation=[
                "at Politisk Niveau drøfter patientinddragelse i klyngen med repræsentanter fra Patientinddragelsesudvalget"
            ],
            decision="Patienterne skal være med til at beskrive opgaven, ikke kun løse en allerede defineret opgave.\nDet blev besluttet at løfte drøftelsen om fælles indkøbsaftaler til Sundhedssamarbejdsudvalget.",
        ),
        b.item(
            meeting,
            title="Drøftelse af akutplan for sygehusvæsenet",
            kind=Kind.DISCUSSION,
            start_time=datetime.time(17, 40),
            end_time=datetime.time(18, 0),
            presenters=["Eva Sejr"],
            recommendation=[
                "at Politisk Niveau drøfter akutplanen med udgangspunkt i klyngens status"
            ],
            decision="Akutplanen blev drøftet.",
            bilag=["Status på akutplanens indsatser.docx"],
        ),
    ]
    _walk(meeting, MeetingStatus.HELD)
    _absent(meeting, "Dorte Rosenkilde", "Maja Lykke", "Lina Hjort", "Torben Frost", builder=b)
    malou = Attendance.objects.get(meeting=meeting, person=b.people["Jørgen Rørbæk"])
    meeting_services.set_attendance(
        actor=None,
        attendance=malou,
        status=Attendance.Status.ATTENDING,
        substitute_for=b.people["Lina Hjort"],
    )
    for name, title, guest_items in [
        ("Sisse Møllgaard", "afdelingsleder, Uddannelseshuset", [items[1]]),
        ("Nikolaj Lybker", "IPS-konsulent", [items[1]]),
    ]:
        meeting_services.add_participant(
            actor=None,
            meeting=meeting,
            person=b.person(name),
            title=title,
            is_guest=True,
            guest_items=guest_items,
        )
    for name in ["Anni Overgaard", "Birgitte Pallesen"]:
        meeting_services.add_participant(
            actor=None,
            meeting=meeting,
            person=b.people[name],
            title="Patientinddragelsesudvalget",
            is_guest=True,
            guest_items=[items[4]],
        )
    _write_decisions(meeting, items)
    meeting_services.change_meeting_status(
        actor=None, meeting=meeting, to_status=MeetingStatus.MINUTES_DRAFT
    )
    meeting_services.approve_minutes(actor=formand, meeting=meeting)
    meeting.refresh_from_db()
    if meeting.status == MeetingStatus.MINUTES_DRAFT:
        # The other co-chair approved by e-mail; the demo leaves it at the formand's approval.
        pass
    return meeting


def _upcoming(b: DemoBuilder, a_dir: Body, m_pol: Body, m_chef: Body) -> list[Meeting]:
    """Meetings ahead: one with its agenda out (for afbud), one with a draft agenda."""
    direktoer = meeting_services.create_meeting(
        actor=None,
        body=a_dir,
        values={
            "title": "Direktørforum i Aarhusklyngen",
            "date": datetime.date(2026, 12, 15),
            "start_time": datetime.time(13, 0),
            "end_time": datetime.time(15, 0),
            "place": "Rådhuset, Rådhuspladsen, 8000 Aarhus C",
            "chair": b.people["Hanne Lind"],
        },
    )
    b.item(
        direktoer,
        title="Overdragelse til Sundhedsråd Aarhus pr. 1. januar 2027",
        kind=Kind.DISCUSSION,
        case_number=CASE,
        start_time=datetime.time(13, 15),
        end_time=datetime.time(14, 15),
        recommendation=[
            "at Direktørforum drøfter, hvordan klyngens initiativer og historik føres videre i sundhedsrådet"
        ],
        presentation="<p>De fire opgaver, der flytter fra kommunerne til regionen, gennemgås.</p>",
        bilag=["Oversigt over opgaver der overdrages.pdf", "Tidsplan for overdragelsen.pdf"],
    )
    b.item(
        direktoer,
        title="Status på virtuelle udskrivelsesmøder",
        kind=Kind.ORIENTATION,
        start_time=datetime.time(14, 15),
        end_time=datetime.time(14, 45),
        recommendation=["at orienteringen tages til efterretning"],
    )
    meeting_services.change_meeting_status(
        actor=None, meeting=direktoer, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    chef = meeting_services.create_meeting(
        actor=None,
        body=m_chef,
        values={
            "title": "Chefforum, Sundhedsklynge Midt",
            "date": datetime.date(2027, 1, 12),
            "start_time": datetime.time(9, 0),
            "end_time": datetime.time(11, 0),
            "place": "Hjulmagervej 22, 9000 Aalborg",
        },
    )
    b.item(
        chef,
        title="Statusrapportering på handleplanens 15 indsatser",
        kind=Kind.DECISION,
        start_time=datetime.time(9, 10),
        end_time=datetime.time(10, 0),
        recommendation=[
            "at Chefforum drøfter indsatser med gul og rød status",
            "at Chefforum beslutter, om noget skal eskaleres til Direktørforum",
        ],
    )
    politisk = meeting_services.create_meeting(
        actor=None,
        body=m_pol,
        values={
            "title": "Politisk Niveau, Sundhedsklynge Midt",
            "date": datetime.date(2026, 12, 9),
            "start_time": datetime.time(16, 0),
            "end_time": datetime.time(18, 0),
            "place": "Hjulmagervej 22, 9000 Aalborg, mødelokale 1",
            "chair": b.people["Morten Lindgaard"],
        },
    )
    b.item(
        politisk,
        title="Sidste møde før Sundhedsråd Limfjorden",
        kind=Kind.DISCUSSION,
        start_time=datetime.time(16, 10),
        end_time=datetime.time(17, 0),
        recommendation=["at Politisk Niveau drøfter erfaringerne fra klyngesamarbejdet"],
    )
    meeting_services.change_meeting_status(
        actor=None, meeting=politisk, to_status=MeetingStatus.AGENDA_PUBLISHED
    )
    return [direktoer, chef, politisk]
