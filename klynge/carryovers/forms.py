from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from klynge.carryovers import services as carryover
from klynge.carryovers.services import GIVES_RIGHTS, BodyChoice, Choices
from klynge.core.forms import DkfdsFormMixin, style_fields
from klynge.organisations.models import Body, Cluster, Membership


class CarryOverForm(DkfdsFormMixin, forms.Form):
    """The secretariat's choices for a carry-over: the initiatives and themes that move, where
    each body continues, and the role each running membership continues in (or that it ends).
    Fields per body and membership are made from the cluster and the council."""

    KEEP = "keep"
    NEW = "new"

    initiatives = forms.MultipleChoiceField(
        label=_("Åbne indsatser, der flyttes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.MultipleChoiceField(
        label=_("Temaer, der flyttes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Indsatsernes temaer flyttes altid med."),
    )

    def __init__(self, *args: Any, cluster: Cluster, council: Cluster, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cluster, self.council = cluster, council
        initiatives = carryover.open_initiatives(cluster)
        initiative_field = self.fields["initiatives"]
        assert isinstance(initiative_field, forms.MultipleChoiceField)
        initiative_field.choices = [(str(i.pk), f"{i.plan.title}: {i}") for i in initiatives]
        initiative_field.initial = [str(i.pk) for i in initiatives]
        themes = list(cluster.themes.order_by("priority", "name"))
        theme_field = self.fields["themes"]
        assert isinstance(theme_field, forms.MultipleChoiceField)
        theme_field.choices = [(str(t.pk), t.name) for t in themes]
        theme_field.initial = [str(t.pk) for t in themes if t.is_active]
        targets = [
            ("", _("Fortsætter ikke")),
            (self.NEW, _("Fortsætter i et nyt organ (navn og niveau nedenfor)")),
        ] + [
            (str(b.pk), _("Fortsætter i %(body)s") % {"body": b.name})
            for b in council.bodies.order_by("name")
        ]
        self.bodies = list(cluster.bodies.order_by("name"))
        for body in self.bodies:
            self.fields[f"body_{body.pk}"] = forms.ChoiceField(
                label=_("%(body)s videreføres") % {"body": body.name},
                choices=targets,
                required=False,
                initial=self.NEW if body.is_active else "",
            )
            self.fields[f"body_{body.pk}_name"] = forms.CharField(
                label=_("Nyt navn for %(body)s") % {"body": body.name},
                max_length=200,
                required=False,
                initial=body.name,
            )
            self.fields[f"body_{body.pk}_level"] = forms.ChoiceField(
                label=_("Niveau for %(body)s") % {"body": body.name},
                choices=Body.Level.choices,
                initial=body.level,
            )
        roles = [("", _("Slutter")), (self.KEEP, _("Fortsætter i samme rolle"))] + [
            (value, _("Fortsætter som %(role)s") % {"role": str(label).lower()})
            for value, label in Membership.Role.choices
        ]
        self.memberships = carryover.running_memberships(cluster, carryover.EFFECTIVE)
        for membership in self.memberships:
            self.fields[f"member_{membership.pk}"] = forms.ChoiceField(
                label=_("%(person)s (%(role)s, %(body)s)")
                % {
                    "person": membership.person.name,
                    "role": membership.get_role_display().lower(),
                    "body": membership.body.name,
                },
                choices=roles,
                required=False,
                # Members of a body that continues go on as they were; a chair's or the
                # secretariat's seat in the council is chosen, not carried by default.
                initial=self.KEEP
                if membership.body.is_active and membership.role not in GIVES_RIGHTS
                else "",
            )
        style_fields(self.fields.values())

    def body_fields(self) -> list[tuple[Body, list[forms.BoundField]]]:
        return [
            (body, [self[f"body_{body.pk}{suffix}"] for suffix in ("", "_name", "_level")])
            for body in self.bodies
        ]

    def membership_fields(self) -> list[forms.BoundField]:
        return [self[f"member_{m.pk}"] for m in self.memberships]

    def choices(self) -> Choices:
        data = self.cleaned_data
        bodies: dict[int, BodyChoice] = {}
        for body in self.bodies:
            how = data.get(f"body_{body.pk}")
            if how == self.NEW:
                bodies[body.pk] = BodyChoice(
                    name=data.get(f"body_{body.pk}_name", ""),
                    level=data.get(f"body_{body.pk}_level", ""),
                )
            elif how:
                bodies[body.pk] = BodyChoice(into=int(how))
        memberships = {}
        for membership in self.memberships:
            role = data.get(f"member_{membership.pk}")
            if role:
                memberships[membership.pk] = "" if role == self.KEEP else role
        return Choices(
            initiatives=[int(pk) for pk in data["initiatives"]],
            themes=[int(pk) for pk in data["themes"]],
            bodies=bodies,
            memberships=memberships,
        )
