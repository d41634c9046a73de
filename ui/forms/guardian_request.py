"""The dialog that adds or edits a request for a child's guardian."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from domain.caselog import GuardianRequest, Matter, Outcome, ReferenceKind
from domain.errors import ValidationError
from domain.i18n import _
from domain.records import clean
from services.caselog import save_request
from storage.database import Database
from ui.common.widgets import DateField, complete_by_any_part, editable_combo
from ui.forms.base import RecordDialog, read_and_validate


class GuardianRequestDialog(RecordDialog):
    """A request for a child's guardian: one per child, never naming the child."""

    text_limits = GuardianRequest.TEXT_LIMITS

    def __init__(
        self, db: Database, request: GuardianRequest | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Edit guardian request") if request else _("New guardian request"),
            parent,
            db=db,
            original=request,
        )
        with db.unit_of_work() as uow:
            areas = list(uow.settings.organisation().areas)
            self._values = uow.references.by_id()
            requesters = uow.references.of_kind(ReferenceKind.REQUESTER)
            bank = uow.guardians.all()
        self._bank = {g.id: g for g in bank}
        guardians = [g for g in bank if g.active]

        self.day = self.add_field("day", _("&Date"), DateField(self), required=True)
        self.requester = QComboBox(self)
        self.requester.addItem(_("(choose)"), None)
        for value in requesters:
            self._add_requester(value.id)
        self.add_field("requester_id", _("&Requester"), self.requester, required=True)
        self.matter = QComboBox(self)
        self.matter.addItem(_("(choose)"), None)
        for matter in Matter:
            self.matter.addItem(matter.label, matter)
        self.add_field("matter", _("&Matter"), self.matter, required=True)
        self.area = editable_combo(self, areas)
        self.add_field("area", _("&Area"), self.area)
        self.reference = self.add_field("reference", _("Re&ference"), QLineEdit(self))
        self.reference.setPlaceholderText(_("Non-identifying, e.g. the requester's case number"))
        self.reference.setToolTip(
            _(
                "A reference that does not identify the child: never a name or a personal identity code. "
                "The requester's own case or diary number will do."
            )
        )
        self.guardian = QComboBox(self)
        self.guardian.setEditable(True)
        self.guardian.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.guardian.addItem(_("(not yet)"), None)
        for g in guardians:
            self._add_guardian(g.id)
        complete_by_any_part(self.guardian)
        guardian_line = self.guardian.lineEdit()
        assert guardian_line is not None  # the combo box is editable
        guardian_line.setPlaceholderText(_("Type part of the name"))
        self.guardian.setToolTip(
            _("The active guardians of the bank; type part of a name to find one")
        )
        self.add_field("guardian_id", _("&Guardian"), self.guardian)
        self.outcome = QComboBox(self)
        for outcome in Outcome:
            self.outcome.addItem(outcome.label, outcome)
        self.add_field("outcome", _("&Outcome"), self.outcome)
        self.closed = self.add_field("closed", _("&Closed"), DateField(self))
        self.closed.edit.setToolTip(_("The day the request was settled; empty while it is open"))
        self.reference.setMinimumWidth(320)
        for combo in (self.area, self.guardian):
            combo.setMinimumWidth(280)

        if request is None:
            self.day.set_date(date.today())
            if len(areas) == 1:
                self.area.setCurrentText(areas[0])
            self.guardian.setCurrentIndex(0)
            self.outcome.setCurrentIndex(self.outcome.findData(Outcome.OPEN))
            return
        self._load(request)

    def _add_requester(self, value_id: str | None) -> None:
        """Offer a requester of the list: retired ones only where a request names them."""
        if value_id and value_id not in self._values:  # added since the form was opened
            with self.db.unit_of_work() as uow:
                self._values = uow.references.by_id()
        value = self._values.get(value_id or "")
        if value is None or self.requester.findData(value.id) >= 0:
            return
        label = value.label if not value.retired else _("{name} (retired)").format(name=value.label)
        self.requester.addItem(label, value.id)

    def _add_guardian(self, guardian_id: str | None) -> None:
        """Offer a guardian of the bank: inactive ones only where a request names them."""
        if guardian_id and guardian_id not in self._bank:  # added since the form was opened
            with self.db.unit_of_work() as uow:
                self._bank = {g.id: g for g in uow.guardians.all()}
        g = self._bank.get(guardian_id or "")
        if g is None or self.guardian.findData(g.id) >= 0:
            return
        label = g.full_name
        namesakes = [o for o in self._bank.values() if o.full_name.casefold() == label.casefold()]
        if len(namesakes) > 1 and (g.area or g.phone):
            label = f"{label} ({g.area or g.phone})"  # namesakes told apart
        if not g.active:
            label = _("{name} (inactive)").format(name=label)
        self.guardian.addItem(label, g.id)

    def _offer(self, request: GuardianRequest) -> None:
        """The requester and the guardian it names, though retired, made inactive or added
        since the form was opened."""
        self._add_requester(request.requester_id)
        self._add_guardian(request.guardian_id)

    def _load(self, request: GuardianRequest) -> None:
        self._offer(request)
        self.day.set_date(request.day)
        self.requester.setCurrentIndex(max(self.requester.findData(request.requester_id), 0))
        self.matter.setCurrentIndex(max(self.matter.findData(request.matter), 0))
        self.area.setCurrentText(request.area)
        self.reference.setText(request.reference)
        self.guardian.setCurrentIndex(max(self.guardian.findData(request.guardian_id), 0))
        self.outcome.setCurrentIndex(max(self.outcome.findData(request.outcome), 0))
        self.closed.set_date(request.closed)

    def _guardian_id(self) -> str | None:
        """The guardian named in the field: a name of the list, typed in any case, or none."""
        text = clean(self.guardian.currentText())
        if not text or text.casefold() == _("(not yet)").casefold():
            return None
        for i in range(self.guardian.count()):
            if clean(self.guardian.itemText(i)).casefold() == text.casefold():
                return self.guardian.itemData(i)
        matches = [
            i
            for i in range(1, self.guardian.count())
            if text.casefold() in self.guardian.itemText(i).casefold()
        ]
        if len(matches) == 1:  # an unambiguous part of a name, as the completion would give
            return self.guardian.itemData(matches[0])
        raise ValidationError(
            "guardian_id",
            _("“{name}” is not an active guardian of the bank: choose a name from the list").format(
                name=text
            ),
        )

    @property
    def values(self) -> GuardianRequest:
        readers = {
            "day": lambda: self.day.date("day"),
            "closed": lambda: self.closed.date("closed"),
            "guardian_id": self._guardian_id,
        }
        return read_and_validate(
            readers,
            lambda v: GuardianRequest(
                day=v["day"],
                requester_id=self.requester.currentData(),
                matter=self.matter.currentData(),
                area=self.area.currentText(),
                reference=self.reference.text(),
                guardian_id=v["guardian_id"],
                outcome=self.outcome.currentData(),
                closed=v["closed"],
            ),
        )

    def save(self, values: GuardianRequest) -> None:
        self.saved = save_request(self.db, values, self.original, overwrite=self.overwrite)
