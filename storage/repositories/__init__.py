"""The repositories: the only code that reads and writes the database's rows.

One module per aggregate (staff, board, projects, caselog, finance, settings) over the
shared base. Every create, update and delete of a record goes through a repository's
``add``, ``update`` or ``delete``, so that is where checks on every write belong.
"""

from storage.repositories.base import DatedQuery, ListQuery, PeriodQuery, Repository
from storage.repositories.board import BoardSeatRepository, BoardTermRepository, MeetingRepository
from storage.repositories.caselog import (
    CaseEventQuery,
    CaseEventRepository,
    GuardianQuery,
    GuardianRepository,
    GuardianRequestRepository,
    ReferenceValueRepository,
)
from storage.repositories.finance import (
    BudgetRepository,
    CategoryRepository,
    TransactionQuery,
    TransactionRepository,
)
from storage.repositories.projects import (
    FundingLineRepository,
    ProjectAssignmentRepository,
    ProjectPartnerRepository,
    ProjectQuery,
    ProjectRepository,
)
from storage.repositories.settings import SettingsRepository
from storage.repositories.staff import StaffRepository, TraineeRepository

__all__ = [
    "BoardSeatRepository",
    "BoardTermRepository",
    "BudgetRepository",
    "CaseEventQuery",
    "CaseEventRepository",
    "CategoryRepository",
    "DatedQuery",
    "FundingLineRepository",
    "GuardianQuery",
    "GuardianRepository",
    "GuardianRequestRepository",
    "ListQuery",
    "MeetingRepository",
    "PeriodQuery",
    "ProjectAssignmentRepository",
    "ProjectPartnerRepository",
    "ProjectQuery",
    "ProjectRepository",
    "ReferenceValueRepository",
    "Repository",
    "SettingsRepository",
    "StaffRepository",
    "TraineeRepository",
    "TransactionQuery",
    "TransactionRepository",
]
