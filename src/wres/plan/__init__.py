"""The race equality plan (issue 15), free of Django: what a plan holds (:mod:`wres.plan.records`), whether an
objective is on track against its trajectory (:mod:`wres.plan.progress`), whether the plan keeps its momentum
(:mod:`wres.plan.momentum`) and the spreadsheet template a plan is exported to and imported from
(:mod:`wres.plan.spreadsheet`). The web application stores plans (``wres.web.plan``); the CLI and the reports read
them as these records."""
