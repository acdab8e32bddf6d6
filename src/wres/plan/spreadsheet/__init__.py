"""The plan's spreadsheet template (issue 15; docs/plan-template.md): a :class:`wres.plan.records.Plan` written as
a workbook or a folder of CSV files (:mod:`.write`) and read back with every problem listed (the cells within the
reader limits, :mod:`.cells`; the plan from them, :mod:`.read`); the sheets and columns are defined once
(:mod:`.template`)."""

from wres.plan.spreadsheet.read import read_csv, read_xlsx
from wres.plan.spreadsheet.write import write_csv, write_xlsx

__all__ = ["read_csv", "read_xlsx", "write_csv", "write_xlsx"]
