"""The unit of work: one transaction, rolled back unless committed."""

from __future__ import annotations

from typing import Self

from sqlalchemy.orm import Session, sessionmaker

from storage.repositories import (
    BoardSeatRepository,
    BoardTermRepository,
    BudgetRepository,
    CaseEventRepository,
    CategoryRepository,
    FundingLineRepository,
    GuardianRepository,
    GuardianRequestRepository,
    MeetingRepository,
    ProjectAssignmentRepository,
    ProjectPartnerRepository,
    ProjectRepository,
    ReferenceValueRepository,
    SettingsRepository,
    StaffRepository,
    TraineeRepository,
    TransactionRepository,
)


class UnitOfWork:
    session: Session
    staff: StaffRepository
    trainees: TraineeRepository
    settings: SettingsRepository
    board_terms: BoardTermRepository
    board_seats: BoardSeatRepository
    meetings: MeetingRepository
    projects: ProjectRepository
    partners: ProjectPartnerRepository
    funding: FundingLineRepository
    assignments: ProjectAssignmentRepository
    references: ReferenceValueRepository
    case_events: CaseEventRepository
    guardians: GuardianRepository
    guardian_requests: GuardianRequestRepository
    categories: CategoryRepository
    budget: BudgetRepository
    transactions: TransactionRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._factory = session_factory

    def __enter__(self) -> Self:
        self.session = self._factory()
        self.staff = StaffRepository(self.session)
        self.trainees = TraineeRepository(self.session)
        self.settings = SettingsRepository(self.session)
        self.board_terms = BoardTermRepository(self.session)
        self.board_seats = BoardSeatRepository(self.session)
        self.meetings = MeetingRepository(self.session)
        self.projects = ProjectRepository(self.session)
        self.partners = ProjectPartnerRepository(self.session)
        self.funding = FundingLineRepository(self.session)
        self.assignments = ProjectAssignmentRepository(self.session)
        self.references = ReferenceValueRepository(self.session)
        self.case_events = CaseEventRepository(self.session)
        self.guardians = GuardianRepository(self.session)
        self.guardian_requests = GuardianRequestRepository(self.session)
        self.categories = CategoryRepository(self.session)
        self.budget = BudgetRepository(self.session)
        self.transactions = TransactionRepository(self.session)
        return self

    def __exit__(self, *exc: object) -> None:
        # close() rolls back whatever was not committed; unlike rollback() it does not
        # expire the records already read, so the tables can keep showing them.
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def flush(self) -> None:
        self.session.flush()
