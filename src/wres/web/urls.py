"""Every URL of the dashboard. Organisation pages live under ``/org/<code>/`` and each declares its capability
(:func:`wres.web.access.org_view`); the rest need only a signed-in user, except sign-in and the about pages."""

from __future__ import annotations

from django.urls import path

from wres.web.views import account, auth, dashboard, data, pages, people, plan, reports

urlpatterns = [
    path("", pages.home, name="home"),
    path("about/", pages.about, name="about"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("login/", auth.SignIn.as_view(), name="login"),
    path("logout/", auth.sign_out, name="logout"),
    path("account/", account.overview, name="account"),
    path("account/password/", account.PasswordChange.as_view(), name="password_change"),
    path("account/invitations/<int:invitation>/", account.answer, name="invitation_answer"),
    path("org/<str:org>/", dashboard.dashboard, name="dashboard"),
    path("org/<str:org>/indicators/<int:number>/", dashboard.indicator, name="indicator"),
    path("org/<str:org>/data/", data.history, name="data"),
    path("org/<str:org>/data/upload/", data.upload, name="upload"),
    path("org/<str:org>/data/upload/<uuid:upload>/", data.validation, name="validation"),
    path("org/<str:org>/data/upload/<uuid:upload>/confirm/", data.confirm, name="confirm"),
    path("org/<str:org>/data/imports/<int:import_id>/", data.import_detail, name="import_detail"),
    path("org/<str:org>/reports/", reports.reports, name="reports"),
    path("org/<str:org>/reports/jobs/<int:job>/", reports.job_status, name="report_job"),
    path("org/<str:org>/reports/<int:year>/<str:tier>/<str:filename>", reports.download, name="report_file"),
    path("org/<str:org>/people/", people.people, name="people"),
    path("org/<str:org>/people/add/", people.add, name="person_add"),
    path("org/<str:org>/people/invite/", people.invite, name="person_invite"),
    path("org/<str:org>/people/invitations/<int:invitation>/withdraw/", people.withdraw, name="invitation_withdraw"),
    path("org/<str:org>/people/<int:membership>/", people.change, name="person"),
    path("org/<str:org>/people/<int:membership>/password/", people.reset_password, name="person_password"),
    path("org/<str:org>/people/<int:membership>/unlock/", people.unlock, name="person_unlock"),
    path("org/<str:org>/audit/", people.audit, name="audit"),
    # plan: pages to read (task D)
    path("org/<str:org>/plan/", plan.plan, name="plan"),
    path("org/<str:org>/plan/plans/", plan.plans, name="plans"),
    path("org/<str:org>/plan/plans/<int:plan>/", plan.plan_by_id, name="plan_by_id"),
    path("org/<str:org>/plan/objectives/<int:objective>/", plan.objective, name="objective"),
    path("org/<str:org>/plan/engagement/", plan.engagement, name="engagement"),
    path("org/<str:org>/plan/history/", plan.history, name="plan_history"),
]

handler400 = "wres.web.views.pages.bad_request"
handler403 = "wres.web.views.pages.forbidden"
handler404 = "wres.web.views.pages.not_found"
handler500 = "wres.web.views.pages.server_error"
