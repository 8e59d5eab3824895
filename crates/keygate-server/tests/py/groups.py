"""python-keycloak: groups — tree, paths, members, group roles."""

from keycloak.exceptions import KeycloakGetError

from common import admin, names, user

kc = admin()
eng = kc.create_group({"name": "eng"})
backend = kc.create_group({"name": "backend"}, parent=eng)
assert eng and backend, "create_group returns ids"

top = kc.get_groups()
assert [g["name"] for g in top] == ["eng"], f"top-level groups: {top}"
assert kc.get_group_by_path("/eng/backend")["id"] == backend
assert kc.get_subgroups(kc.get_group(eng), "/eng/backend")["id"] == backend, "subGroupCount leads to children"
children = kc.get_group_children(eng)
assert [g["id"] for g in children] == [backend], children
assert kc.groups_count()["count"] == 2, kc.groups_count()
assert kc.groups_count({"top": "true"})["count"] == 1

kc.update_group(backend, {"name": "platform"})
assert kc.get_group(backend)["path"] == "/eng/platform", kc.get_group(backend)

uid = user(kc, "carol")
kc.group_user_add(uid, backend)
assert [g["id"] for g in kc.get_user_groups(uid)] == [backend]
members = kc.get_group_members(backend)
assert [m["username"] for m in members] == ["carol"], members

kc.create_realm_role({"name": "deployer"})
kc.assign_group_realm_roles(backend, [kc.get_realm_role("deployer")])
assert names(kc.get_group_realm_roles(backend)) == {"deployer"}
assert "deployer" in names(kc.get_composite_realm_roles_of_user(uid)), "role via group"
kc.delete_group_realm_roles(backend, [kc.get_realm_role("deployer")])
assert kc.get_group_realm_roles(backend) == []

kc.group_user_remove(uid, backend)
assert kc.get_user_groups(uid) == []
kc.delete_group(eng)
try:
    kc.get_group(backend)
    raise AssertionError("a subgroup outlived its parent")
except KeycloakGetError as e:
    assert e.response_code == 404, e
assert kc.get_groups() == []
print("groups: ok")
