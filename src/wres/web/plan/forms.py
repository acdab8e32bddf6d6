"""The race equality plan's forms (issue 15): a plan, an objective with its measure, an action, a review, an
engagement record, a "you said, we did" item, a board commitment, a comment, and the template's upload.

Each form checks what the models check (``clean()``: a due date before the start, a head count below 0) and what
:mod:`wres.plan.validate` checks of one item (a target on the adverse side of the baseline, an indicator with no
data for the baseline year, a completed date without the status done), each message on the field at fault, so
nothing is saved until every field is right. People are chosen from the accounts of the organisation only: a
posted account of another organisation is refused like an unknown one.

An objective's baseline value is never typed: it is read from the results for the baseline year
(:func:`wres.plan.series.baseline_value`) when the form is checked; a measure with no data that year is an error on
the indicator field.

A published plan does not go back to draft or approved silently: the form refuses it unless "withdraw the
published plan" is ticked, and the view records the withdrawal in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, Final

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from wres.errors import WresError
from wres.indicators.breakdowns import STRATUM_BREAKDOWNS
from wres.plan import records as r
from wres.plan.series import breakdown_for
from wres.plan.validate import action_problems, objective_problems
from wres.web.models import Membership, Organisation
from wres.web.plan.models import (
    Action,
    BoardCommitment,
    Comment,
    Engagement,
    Objective,
    Plan,
    Review,
    YouSaidWeDid,
)

INDICATOR_CHOICES: Final = [("", "Choose an indicator"), *[(str(i), f"Indicator {i}") for i in range(1, 10)]]
BREAKDOWN_CHOICES: Final = [
    ("overall", "The whole organisation"),
    *[(b, b.replace("_", " ")) for b in STRATUM_BREAKDOWNS],
    ("category", "staff category (indicator 1)"),
]
GROUPING_CHOICES: Final = [
    ("wres", "WRES groups (BME and White)"),
    ("group5", "Five ethnic groups"),
    ("group9", "Nine ethnic groups"),
]
HIA_CHOICES: Final = [(str(n), f"{n}. {text}") for n, text in r.HIGH_IMPACT_ACTIONS.items()]


class DayMonthYear(forms.Widget):
    """A date typed as day, month and year (the NHS.UK date input: ``held[day]``, ``held[month]``,
    ``held[year]``); a form posting the whole date as ``held=2025-04-01`` is read too. A part missing or a year not
    of four digits gives a value the date field refuses ("Enter the … as a real date")."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str | None:
        if name in data:
            return str(data[name])
        parts = [str(data.get(f"{name}[{p}]", "") or "").strip() for p in ("day", "month", "year")]
        if not any(parts):
            return None
        day, month, year = parts
        if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
            return "not a date"
        return f"{year}-{month.zfill(2)}-{day.zfill(2)}"

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and not any(f"{name}[{p}]" in data for p in ("day", "month", "year"))


def date_parts(bound: forms.BoundField) -> dict[str, str]:
    """A date field's day, month and year as typed (or as stored), for the date input."""
    data = bound.form.data if bound.form.is_bound else None
    if data is not None and any(f"{bound.html_name}[{p}]" in data for p in ("day", "month", "year")):
        return {p: str(data.get(f"{bound.html_name}[{p}]", "")) for p in ("day", "month", "year")}
    value = bound.value()
    if isinstance(value, date):
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
    if isinstance(value, str) and len(value.split("-")) == 3:
        year, month, day = value.split("-")
        return {"day": day.lstrip("0"), "month": month.lstrip("0"), "year": year}
    return {"day": "", "month": "", "year": ""}


DATE_WIDGET: Final = DayMonthYear()
BaselineReader = Callable[[r.Measure, int], float | None]
"""``(measure, year) → value``: the measure's estimate in the results for ``year`` (None: no data)."""


def accounts(org: Organisation) -> QuerySet[Any]:
    """The accounts holding a role in ``org``, by user name."""
    return (
        get_user_model()
        .objects.filter(pk__in=Membership.objects.filter(organisation=org).values("user_id"))
        .order_by("username")
    )


class PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An account of the organisation, shown by name and user name."""

    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


def person_field(org: Organisation, label: str, *, required: bool = False) -> PersonChoice:
    return PersonChoice(
        queryset=accounts(org),
        required=required,
        label=label,
        empty_label="Nobody named (role title only)" if not required else "Choose a person",
        error_messages={
            "invalid_choice": f"Choose a person with an account in {org.name}",
            "required": "Choose a person",
        },
    )


def lines(text: str) -> list[str]:
    """The non-empty lines of a text box, stripped (lists are typed one item a line)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class LinesField(forms.CharField):
    """A list of texts typed one a line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list | tuple):
            return [str(v) for v in value]
        return lines(str(value or ""))


def widget_kind(bound: forms.BoundField) -> str:
    """How the template draws a field: ``text``, ``date``, ``number``, ``textarea``, ``select``, ``radios``,
    ``checkboxes`` or ``checkbox``."""
    w = bound.field.widget
    if isinstance(w, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(w, forms.RadioSelect):
        return "radios"
    if isinstance(w, forms.Select):
        return "select"
    if isinstance(w, forms.CheckboxInput):
        return "checkbox"
    if isinstance(w, forms.Textarea):
        return "textarea"
    if isinstance(w, DayMonthYear):
        return "date"
    if isinstance(w, forms.NumberInput):
        return "number"
    return "text"


# --------------------------------------------------------------------------------------------------------- plan


class PlanForm(forms.ModelForm):  # type: ignore[type-arg]
    withdraw = forms.BooleanField(
        label="Withdraw the published plan (it stops being the published plan; this is recorded in the audit log)",
        required=False,
    )

    class Meta:
        model = Plan
        fields = ["title", "vision", "start_year", "end_year", "status", "approved", "minute_ref"]
        labels = {
            "title": "Title",
            "vision": "Vision",
            "start_year": "First year of the plan",
            "end_year": "Last year of the plan",
            "status": "Status",
            "approved": "Date the board approved it",
            "minute_ref": "Board minute reference",
        }
        help_texts = {
            "approved": "Needed once the plan is approved or published.",
            "minute_ref": "For example BM/25/041. Needed once the plan is approved or published.",
        }
        widgets = {"approved": DATE_WIDGET, "status": forms.RadioSelect, "vision": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "title": {"required": "Enter the plan's title"},
            "start_year": {"required": "Enter the first year", "invalid": "Enter the first year as a number"},
            "end_year": {"required": "Enter the last year", "invalid": "Enter the last year as a number"},
        }

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.was_published = self.instance.pk is not None and self.instance.status == r.PlanStatus.PUBLISHED.value
        if not self.was_published:
            del self.fields["withdraw"]
        self.withdrawn = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_year"), data.get("end_year")
        if start is not None and end is not None:
            same = Plan.objects.filter(organisation=self.instance.organisation, start_year=start, end_year=end)
            if same.exclude(pk=self.instance.pk).exists():
                self.add_error("start_year", f"{self.instance.organisation.name} already has a plan for {start}–{end}")
        status = data.get("status")
        if self.was_published and status and status != r.PlanStatus.PUBLISHED.value:
            if not data.get("withdraw"):
                self.add_error(
                    "status",
                    "This plan is published: to take it back to draft or approved, tick "
                    "'Withdraw the published plan' as well",
                )
            else:
                self.withdrawn = True
        return data


# ---------------------------------------------------------------------------------------------------- objective


class ObjectiveForm(forms.Form):
    """An objective and its first two measures (a third and further measures, from a spreadsheet, are kept as they
    are). The first measure is the one the objective's status is read from; each must have data for the baseline
    year."""

    ref = forms.CharField(
        label="Reference",
        max_length=32,
        help_text="Short and unique in the plan, for example O1.",
        error_messages={"required": "Enter a reference, for example O1"},
    )
    title = forms.CharField(label="Title", max_length=300, error_messages={"required": "Enter the objective's title"})
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    indicator = forms.ChoiceField(
        label="Indicator", choices=INDICATOR_CHOICES, error_messages={"required": "Choose the indicator"}
    )
    breakdown = forms.ChoiceField(label="Breakdown", choices=BREAKDOWN_CHOICES, initial="overall")
    stratum = forms.CharField(
        label="Part of the breakdown",
        max_length=100,
        initial="all",
        help_text="'all' for the whole organisation; else as the results name it, for example 8a-8b for a band.",
    )
    category = forms.CharField(label="Staff category", max_length=100, initial="all", help_text="Usually 'all'.")
    grouping = forms.ChoiceField(label="Ethnic grouping", choices=GROUPING_CHOICES, initial="wres")
    group = forms.CharField(
        label="Ethnic group", max_length=100, initial="BME", help_text="BME, or a group of the grouping, e.g. Black."
    )
    variant = forms.CharField(
        label="Variant (optional)",
        max_length=64,
        required=False,
        help_text="Leave empty for the indicator's headline figure.",
    )
    baseline_year = forms.IntegerField(
        label="Baseline year",
        help_text="The WRES year whose figure is the starting point; it is read from the results.",
        error_messages={"required": "Enter the baseline year", "invalid": "Enter a year as a number"},
    )
    target_value = forms.FloatField(
        label="Target value",
        help_text="In the indicator's own units: indicator 1 as a proportion (0.14 for 14%), "
        "a ratio as a ratio (1.25).",
        error_messages={"required": "Enter the target value", "invalid": "Enter the target as a number"},
    )
    target_year = forms.IntegerField(
        label="Target year", error_messages={"required": "Enter the target year", "invalid": "Enter a year"}
    )
    trajectory = forms.ChoiceField(
        label="Trajectory",
        choices=[
            (r.TrajectoryKind.STRAIGHT.value, "A straight line from the baseline to the target"),
            (r.TrajectoryKind.MODEL_EMPLOYER.value, "The Model Employer trajectory (read as straight until it exists)"),
        ],
        initial=r.TrajectoryKind.STRAIGHT.value,
        widget=forms.RadioSelect,
    )
    sponsor_title = forms.CharField(label="Executive sponsor's role title", max_length=200, required=False)
    owner_title = forms.CharField(label="Owner's role title", max_length=200, required=False)
    high_impact_actions = forms.MultipleChoiceField(
        label="High impact actions it serves",
        choices=HIA_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    networks = LinesField(label="Staff networks that co-designed it", required=False, help_text="One per line.")

    FIELD_OF_PROBLEM: Final = {
        "measures": "indicator",
        "baseline_value": "indicator",
        "target_value": "target_value",
        "target_year": "target_year",
        "high_impact_actions": "high_impact_actions",
        "ref": "ref",
        "sponsor": "sponsor",
        "owner": "owner",
    }

    def __init__(
        self,
        *args: Any,
        plan: Plan,
        baseline: BaselineReader,
        instance: Objective | None = None,
        **kwargs: Any,
    ) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = objective_initial(instance)
        super().__init__(*args, **kwargs)
        org = plan.organisation
        self.fields["sponsor"] = person_field(org, "Executive sponsor")
        self.fields["owner"] = person_field(org, "Owner")
        self.fields.update(second_measure_fields())
        self.order_fields(
            [
                "ref",
                "title",
                "description",
                "indicator",
                "breakdown",
                "stratum",
                "category",
                "grouping",
                "group",
                "variant",
                *SECOND,
                "baseline_year",
                "target_value",
                "target_year",
                "trajectory",
                "sponsor",
                "sponsor_title",
                "owner",
                "owner_title",
                "high_impact_actions",
                "networks",
            ]
        )
        self.plan, self.baseline, self.instance = plan, baseline, instance
        self.baseline_value: float | None = None

    def measure(self, prefix: str = "") -> r.Measure | None:
        """The first measure (``prefix`` "") or the second ("also_"; None when none is chosen)."""
        d = self.cleaned_data
        if not d.get(f"{prefix}indicator"):
            return None
        return r.Measure(
            indicator=d[f"{prefix}indicator"],
            breakdown=d.get(f"{prefix}breakdown") or "overall",
            stratum=(d.get(f"{prefix}stratum") or "all").strip(),
            category=(d.get(f"{prefix}category") or "all").strip(),
            grouping=d.get(f"{prefix}grouping") or "wres",
            group=(d.get(f"{prefix}group") or "BME").strip(),
            variant=(d.get(f"{prefix}variant") or "").strip(),
        )

    def measures(self) -> list[r.Measure]:
        return [m for m in (self.measure(), self.measure("also_")) if m is not None]

    def _check_second(self, first: r.Measure, year: int) -> None:
        second = self.measure("also_")
        if second is None:
            return
        if second == first:
            self.add_error("also_indicator", "The second measure is the same as the first: change it or remove it")
            return
        try:
            breakdown_for(second)
            value = self.baseline(second, year)
        except WresError as e:
            self.add_error("also_breakdown", f"This measure cannot be computed: {e}")
            return
        if value is None:
            self.add_error(
                "also_indicator",
                f"Indicator {second.indicator} has no data for the baseline year {year} for this breakdown and group: "
                "choose a measure with figures, or no second measure",
            )

    def clean_ref(self) -> str:
        ref = str(self.cleaned_data["ref"]).strip()
        others = Objective.objects.filter(plan=self.plan, ref=ref)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(f"Another objective of this plan has the reference {ref}: choose another")
        return ref

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needed = ("indicator", "baseline_year", "target_value", "target_year", "ref")
        if any(k not in data for k in needed):
            return data
        measure = self.measure()
        assert measure is not None  # the indicator is required
        try:
            breakdown_for(measure)
        except WresError as e:
            self.add_error("breakdown", f"This measure cannot be computed: {e}")
            return data
        try:
            self.baseline_value = self.baseline(measure, data["baseline_year"])
        except WresError as e:  # no warehouse yet, or it stayed locked by an import
            self.add_error(None, f"The figures cannot be read just now, so the baseline cannot be filled in: {e}")
            return data
        self._check_second(measure, data["baseline_year"])
        record = r.Objective(
            ref=data["ref"],
            title=data.get("title", ""),
            measures=(measure,),
            baseline_year=data["baseline_year"],
            baseline_value=self.baseline_value,
            target_value=data["target_value"],
            target_year=data["target_year"],
            high_impact_actions=tuple(int(n) for n in data.get("high_impact_actions", [])),
        )
        for p in objective_problems(record):
            field = self.FIELD_OF_PROBLEM.get(p.field)
            message = p.problem[0].upper() + p.problem[1:]
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
            elif field is None:
                self.add_error(None, message)
        return data

    def save(self) -> Objective:
        """Write the objective and its first measure (call inside a transaction, after :meth:`is_valid`)."""
        from wres.web.plan.models import ObjectiveMeasure

        d = self.cleaned_data
        o = self.instance or Objective(plan=self.plan, position=(self.plan.objectives.count() + 1))
        o.ref, o.title, o.description = d["ref"], d["title"], d["description"]
        o.baseline_year, o.baseline_value = d["baseline_year"], self.baseline_value
        o.target_value, o.target_year, o.trajectory = d["target_value"], d["target_year"], d["trajectory"]
        o.sponsor, o.sponsor_title = d.get("sponsor"), d.get("sponsor_title", "")
        o.owner, o.owner_title = d.get("owner"), d.get("owner_title", "")
        o.high_impact_actions = sorted(int(n) for n in d.get("high_impact_actions", []))
        o.networks = list(d.get("networks") or [])
        o.full_clean()
        o.save()
        existing = list(o.measures.order_by("position", "id"))
        keys = list(r.Measure.__dataclass_fields__)
        kept = [{k: getattr(m, k) for k in keys} for m in existing[2:]]  # a third and further: as they are
        wanted = [{k: getattr(m, k) for k in keys} for m in self.measures()]
        wanted += [m for m in kept if m not in wanted]
        if [{k: getattr(m, k) for k in keys} for m in existing] != wanted:
            # Replaced rather than matched by position: two measures swapping places would collide with the
            # constraint that an objective names a measure once.
            for m in existing:
                m.delete()
            for i, values in enumerate(wanted, 1):
                ObjectiveMeasure.objects.create(objective=o, position=i, **values)
        return o


SECOND: Final = (
    "also_indicator",
    "also_breakdown",
    "also_stratum",
    "also_category",
    "also_grouping",
    "also_group",
    "also_variant",
)
"""The second measure's fields."""
SECTIONS: Final = (
    ("", ("ref", "title", "description")),
    ("The measure", ("indicator", "breakdown", "stratum", "category", "grouping", "group", "variant")),
    ("A second measure (optional)", SECOND),
    ("Baseline and target", ("baseline_year", "target_value", "target_year", "trajectory")),
    ("Who is responsible", ("sponsor", "sponsor_title", "owner", "owner_title")),
    ("What it serves", ("high_impact_actions", "networks")),
)
"""The objective form's fields under their headings."""


def second_measure_fields() -> dict[str, forms.Field]:
    return {
        "also_indicator": forms.ChoiceField(
            label="Indicator", choices=[("", "No second measure"), *INDICATOR_CHOICES[1:]], required=False
        ),
        "also_breakdown": forms.ChoiceField(
            label="Breakdown", choices=BREAKDOWN_CHOICES, initial="overall", required=False
        ),
        "also_stratum": forms.CharField(label="Part of the breakdown", max_length=100, initial="all", required=False),
        "also_category": forms.CharField(label="Staff category", max_length=100, initial="all", required=False),
        "also_grouping": forms.ChoiceField(
            label="Ethnic grouping", choices=GROUPING_CHOICES, initial="wres", required=False
        ),
        "also_group": forms.CharField(label="Ethnic group", max_length=100, initial="BME", required=False),
        "also_variant": forms.CharField(label="Variant (optional)", max_length=64, required=False),
    }


MEASURE_KEYS: Final = ("indicator", "breakdown", "stratum", "category", "grouping", "group", "variant")


def objective_initial(o: Objective) -> dict[str, Any]:
    measures = list(o.measures.order_by("position", "id")[:2])
    initial: dict[str, Any] = {}
    for prefix, m in zip(("", "also_"), measures, strict=False):
        initial |= {f"{prefix}{k}": getattr(m, k) for k in MEASURE_KEYS}
    return {
        "ref": o.ref,
        "title": o.title,
        "description": o.description,
        **initial,
        "baseline_year": o.baseline_year,
        "target_value": o.target_value,
        "target_year": o.target_year,
        "trajectory": o.trajectory,
        "sponsor": o.sponsor_id,
        "sponsor_title": o.sponsor_title,
        "owner": o.owner_id,
        "owner_title": o.owner_title,
        "high_impact_actions": [str(n) for n in o.high_impact_actions],
        "networks": list(o.networks),
    }


# ------------------------------------------------------------------------------------------------------- action


class _PlanItemForm(forms.ModelForm):  # type: ignore[type-arg]
    """A model form of an item of ``plan``: the objectives and actions it may link to are the plan's own."""

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        if self.instance.pk is None:
            self.instance.plan = plan
        if "objectives" in self.fields:
            self.fields["objectives"].queryset = Objective.objects.filter(plan=plan)  # type: ignore[attr-defined]
            self.fields["objectives"].widget = forms.CheckboxSelectMultiple()
            self.fields["objectives"].error_messages["invalid_choice"] = "Choose objectives of this plan"
        if "actions" in self.fields:
            self.fields["actions"].queryset = Action.objects.filter(plan=plan)  # type: ignore[attr-defined]
            self.fields["actions"].widget = forms.CheckboxSelectMultiple()
            self.fields["actions"].error_messages["invalid_choice"] = "Choose actions of this plan"
        for name in ("owner", "member", "sponsor"):
            if name in self.fields:
                label = self.fields[name].label or name.capitalize()
                self.fields[name] = person_field(plan.organisation, str(label))

    def save(self, commit: bool = True) -> Any:
        item = super().save(commit=False)
        if item.pk is None:
            manager = type(item).objects.filter(plan=self.plan)
            item.position = manager.count() + 1
        if commit:
            item.save()
            self.save_m2m()
        return item


class ActionForm(_PlanItemForm):
    links = LinesField(label="Links to evidence", required=False, help_text="One address per line.")

    class Meta:
        model = Action
        fields = [
            "ref",
            "description",
            "objectives",
            "owner",
            "owner_title",
            "start",
            "due",
            "status",
            "completed",
            "evidence",
            "links",
        ]
        labels = {
            "ref": "Reference",
            "description": "What will be done",
            "objectives": "Objectives it serves",
            "owner": "Owner",
            "owner_title": "Owner's role title",
            "start": "Start date",
            "due": "Due date",
            "status": "Status",
            "completed": "Date completed",
            "evidence": "Evidence of completion",
        }
        help_texts = {"ref": "Short and unique in the plan, for example A1.", "completed": "Only when it is done."}
        widgets = {
            "start": DATE_WIDGET,
            "due": DATE_WIDGET,
            "completed": DATE_WIDGET,
            "status": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "ref": {"required": "Enter a reference, for example A1"},
            "description": {"required": "Say what will be done"},
            "start": {"invalid": "Enter the start date as a real date"},
            "due": {"invalid": "Enter the due date as a real date"},
            "completed": {"invalid": "Enter the completion date as a real date"},
        }

    FIELD_OF_PROBLEM: Final = {"due": "due", "completed": "completed", "ref": "ref", "owner": "owner"}

    def clean_ref(self) -> str:
        ref = str(self.cleaned_data["ref"]).strip()
        if Action.objects.filter(plan=self.plan, ref=ref).exclude(pk=self.instance.pk).exists():
            raise ValidationError(f"Another action of this plan has the reference {ref}: choose another")
        return ref

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        record = r.Action(
            ref=data.get("ref", "") or "",
            description=data.get("description", "") or "",
            objectives=(),
            start=data.get("start"),
            due=data.get("due"),
            status=r.ActionStatus(data.get("status") or r.ActionStatus.NOT_STARTED.value),
            completed=data.get("completed"),
        )
        for p in action_problems(record):
            field = self.FIELD_OF_PROBLEM.get(p.field)
            if field in self.fields and field not in self.errors and field in data:
                self.add_error(field, p.problem[0].upper() + p.problem[1:])
        return data


# ------------------------------------------------------------------------------------------------------- review


class ReviewForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Review
        fields = ["held", "planned", "happened", "study", "decision", "next_steps"]
        labels = {
            "held": "Date of the review",
            "planned": "What we planned and predicted",
            "happened": "What happened",
            "study": "What we learned from the data",
            "decision": "Decision",
            "next_steps": "Next steps",
        }
        help_texts = {
            "held": "The figures of the latest WRES year up to this date are frozen into the review when it is "
            "first saved.",
        }
        widgets = {
            "held": DATE_WIDGET,
            "decision": forms.RadioSelect,
            **{k: forms.Textarea(attrs={"rows": 3}) for k in ("planned", "happened", "study", "next_steps")},
        }
        error_messages = {
            "held": {"required": "Enter the date of the review", "invalid": "Enter the date as a real date"},
            "planned": {"required": "Say what was planned and predicted"},
            "decision": {"required": "Choose adopt, adapt or abandon"},
        }


# --------------------------------------------------------------------------------------------------- engagement


class EngagementForm(_PlanItemForm):
    groups = LinesField(
        label="Groups taking part", required=False, help_text="Networks, forums or groups, one per line."
    )

    class Meta:
        model = Engagement
        fields = ["held", "kind", "format", "title", "groups", "participants", "leaders", "themes", "responses"]
        labels = {
            "held": "Date",
            "kind": "Kind",
            "format": "Format",
            "title": "Title (optional)",
            "participants": "Number of participants",
            "leaders": "Board members and senior leaders taking part",
            "themes": "Themes raised",
            "responses": "Responses",
        }
        help_texts = {"format": "For example listening event, network meeting, reverse mentoring."}
        widgets = {
            "held": DATE_WIDGET,
            "kind": forms.RadioSelect,
            "themes": forms.Textarea(attrs={"rows": 3}),
            "responses": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "held": {"required": "Enter the date", "invalid": "Enter the date as a real date"},
            "format": {"required": "Enter the format, for example listening event"},
            "participants": {"required": "Enter the number of participants", "invalid": "Enter a whole number"},
            "leaders": {"invalid": "Enter a whole number"},
        }


class YouSaidWeDidForm(_PlanItemForm):
    class Meta:
        model = YouSaidWeDid
        fields = ["said", "did", "status", "objectives", "actions"]
        labels = {
            "said": "You said",
            "did": "We did",
            "status": "Status",
            "objectives": "Objectives it links to",
            "actions": "Actions it links to",
        }
        widgets = {
            "said": forms.Textarea(attrs={"rows": 3}),
            "did": forms.Textarea(attrs={"rows": 3}),
            "status": forms.RadioSelect,
        }
        error_messages = {"said": {"required": "Say what staff said"}}


class CommitmentForm(_PlanItemForm):
    """A board commitment; ``own`` for a board member keeping their own (they cannot give it to someone else)."""

    class Meta:
        model = BoardCommitment
        fields = ["member", "member_title", "objective", "review_status", "reviewed"]
        labels = {
            "member": "Board member",
            "member_title": "Their role title",
            "objective": "Their EDI objective",
            "review_status": "Review status",
            "reviewed": "Date last reviewed",
        }
        help_texts = {"review_status": "For example: not reviewed, on track, met, not met."}
        widgets = {"reviewed": DATE_WIDGET, "objective": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "objective": {"required": "Enter the board member's EDI objective"},
            "reviewed": {"invalid": "Enter the date as a real date"},
        }

    def __init__(self, *args: Any, own: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if own:
            del self.fields["member"]
            del self.fields["member_title"]


class CommentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Comment
        fields = ["text"]
        labels = {"text": "Your comment"}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"text": {"required": "Enter your comment"}}

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"]).strip()
        if not text:
            raise ValidationError("Enter your comment")
        if len(text) > 5000:
            raise ValidationError("Enter a comment of 5,000 characters or fewer")
        return text


class ImportForm(forms.Form):
    template = forms.FileField(
        label="The plan's workbook", error_messages={"required": "Select the plan's workbook (.xlsx) to upload"}
    )

    def clean_template(self) -> Any:
        from wres.web.uploads import UploadRefusedError, check_upload

        file = self.cleaned_data["template"]
        try:
            name = check_upload(file)
        except UploadRefusedError as e:
            raise ValidationError(str(e).replace("a CSV file (.csv) or ", "")) from None
        if not name.lower().endswith(".xlsx"):
            raise ValidationError("The selected file must be the plan's Excel workbook (.xlsx)")
        head = file.read(4)
        file.seek(0)
        if head != b"PK\x03\x04":
            raise ValidationError("The selected file is not an Excel workbook: save it as .xlsx and try again")
        self.cleaned_data["safe_name"] = name
        return file


def fields_of(form: forms.BaseForm, names: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The form's fields with the way each is drawn (the template iterates these)."""
    wanted = list(names) if names is not None else list(form.fields)
    out = []
    for name in wanted:
        if name in form.fields:
            kind = widget_kind(form[name])
            out.append({"f": form[name], "kind": kind, "parts": date_parts(form[name]) if kind == "date" else None})
    return out


def sections_of(form: forms.BaseForm) -> list[dict[str, Any]]:
    """The form's fields under headings: the objective form's :data:`SECTIONS`, else one section of every field."""
    if isinstance(form, ObjectiveForm):
        return [{"heading": heading, "fields": fields_of(form, names)} for heading, names in SECTIONS]
    return [{"heading": "", "fields": fields_of(form)}]
