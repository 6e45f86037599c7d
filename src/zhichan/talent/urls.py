"""/talent/ (signed in; the office's pages need talent.manage, a person's record its owner or the office)."""

from django.urls import path

from zhichan.talent import views, views_transfer

app_name = "talent"

urlpatterns = [
    path("", views.people, name="people"),
    path("new/", views.edit, name="new"),
    path("me/", views.me, name="me"),
    path("bring-in/", views.bring_in, name="bring-in"),
    path("lists/", views.lists, name="lists"),
    path("lists/<int:list_id>/", views.talent_list, name="list"),
    path("lists/entries/<int:entry_id>/remove/", views.remove_entry, name="remove-entry"),
    path("<int:person_id>/", views.person, name="person"),
    path("<int:person_id>/edit/", views.edit, name="edit"),
    path("<int:person_id>/qualifications/", views.add_qualification, name="qualification-add"),
    path("qualifications/<int:qualification_id>/remove/", views.remove_qualification, name="qualification-remove"),
    path("export.xlsx", views_transfer.export_people, name="export"),
    path("lists/<int:list_id>/export.xlsx", views_transfer.export_list, name="list-export"),
    path("lists/<int:list_id>/import/", views_transfer.import_list, name="list-import"),
]
