"""Every URL of the dashboard. Organisation pages live under ``/org/<code>/`` and each declares its capability
(:func:`wres.web.access.org_view`); the rest need only a signed-in user, except sign-in and the about pages."""

from __future__ import annotations

from django.urls import path

from wres.web.views import account, auth, dashboard, data, outlook, pages, people, plan, plan_edit, region, reports

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
    path("org/<str:org>/progress/", outlook.progress, name="progress"),
    path("org/<str:org>/region/", region.region, name="region"),
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
    path("org/<str:org>/plan/plans/<int:plan>/", plan.plan_by_id, name="plan"),  # reverse("plan", plan=…) too
    path("org/<str:org>/plan/objectives/<int:objective>/", plan.objective, name="objective"),
    path("org/<str:org>/plan/engagement/", plan.engagement, name="engagement"),
    path("org/<str:org>/plan/history/", plan.history, name="plan_history"),
    # plan: forms (task E)
    path("org/<str:org>/plan/new/", plan_edit.plan_create, name="plan_create"),
    path("org/<str:org>/plan/import/", plan_edit.plan_import, name="plan_import"),
    path("org/<str:org>/plan/import/confirm/", plan_edit.plan_import_confirm, name="plan_import_confirm"),
    path("org/<str:org>/plan/<int:plan>/edit/", plan_edit.plan_edit, name="plan_edit"),
    path("org/<str:org>/plan/<int:plan>/delete/", plan_edit.plan_delete, name="plan_delete"),
    path("org/<str:org>/plan/<int:plan>/export.xlsx", plan_edit.export_xlsx, name="plan_export_xlsx"),
    path("org/<str:org>/plan/<int:plan>/export.zip", plan_edit.export_csv, name="plan_export_csv"),
    path("org/<str:org>/plan/<int:plan>/objectives/new/", plan_edit.objective_create, name="plan_objective_create"),
    path("org/<str:org>/plan/objectives/<int:objective>/edit/", plan_edit.objective_edit, name="plan_objective_edit"),
    path(
        "org/<str:org>/plan/objectives/<int:objective>/model-employer/",
        outlook.take_model_employer,
        name="plan_objective_model_employer",
    ),
    path(
        "org/<str:org>/plan/objectives/<int:objective>/delete/",
        plan_edit.objective_delete,
        name="plan_objective_delete",
    ),
    path(
        "org/<str:org>/plan/objectives/<int:objective>/comments/",
        plan_edit.comment_objective,
        name="plan_comment_objective",
    ),
    path(
        "org/<str:org>/plan/objectives/<int:objective>/reviews/new/", plan_edit.review_create, name="plan_review_create"
    ),
    path("org/<str:org>/plan/reviews/<int:review>/edit/", plan_edit.review_edit, name="plan_review_edit"),
    path("org/<str:org>/plan/reviews/<int:review>/delete/", plan_edit.review_delete, name="plan_review_delete"),
    path("org/<str:org>/plan/<int:plan>/actions/new/", plan_edit.action_create, name="plan_action_create"),
    path("org/<str:org>/plan/actions/<int:action>/edit/", plan_edit.action_edit, name="plan_action_edit"),
    path("org/<str:org>/plan/actions/<int:action>/delete/", plan_edit.action_delete, name="plan_action_delete"),
    path("org/<str:org>/plan/actions/<int:action>/comments/", plan_edit.comment_action, name="plan_comment_action"),
    path("org/<str:org>/plan/comments/<int:comment>/reply/", plan_edit.comment_reply, name="plan_comment_reply"),
    path("org/<str:org>/plan/<int:plan>/engagement/new/", plan_edit.engagement_create, name="plan_engagement_create"),
    path(
        "org/<str:org>/plan/engagement/<int:engagement>/edit/", plan_edit.engagement_edit, name="plan_engagement_edit"
    ),
    path(
        "org/<str:org>/plan/engagement/<int:engagement>/delete/",
        plan_edit.engagement_delete,
        name="plan_engagement_delete",
    ),
    path("org/<str:org>/plan/<int:plan>/said-did/new/", plan_edit.said_did_create, name="plan_said_did_create"),
    path("org/<str:org>/plan/said-did/<int:item>/edit/", plan_edit.said_did_edit, name="plan_said_did_edit"),
    path("org/<str:org>/plan/said-did/<int:item>/delete/", plan_edit.said_did_delete, name="plan_said_did_delete"),
    path("org/<str:org>/plan/<int:plan>/commitments/new/", plan_edit.commitment_create, name="plan_commitment_create"),
    path(
        "org/<str:org>/plan/commitments/<int:commitment>/edit/",
        plan_edit.commitment_edit,
        name="plan_commitment_edit",
    ),
    path(
        "org/<str:org>/plan/commitments/<int:commitment>/keep/",
        plan_edit.commitment_keep,
        name="plan_commitment_keep",
    ),
    path(
        "org/<str:org>/plan/commitments/<int:commitment>/delete/",
        plan_edit.commitment_delete,
        name="plan_commitment_delete",
    ),
]

handler400 = "wres.web.views.pages.bad_request"
handler403 = "wres.web.views.pages.forbidden"
handler404 = "wres.web.views.pages.not_found"
handler500 = "wres.web.views.pages.server_error"
