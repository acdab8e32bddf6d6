"""The race equality plan in the dashboard's database (issue 15): the Django models of :mod:`wres.plan.records`,
versioned with django-simple-history (:mod:`wres.web.plan.models`), and their conversion to and from the plain
records (:mod:`wres.web.plan.records_io`)."""
