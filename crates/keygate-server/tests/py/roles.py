"""python-keycloak: realm and client roles, composites, user role mappings."""

from common import admin, names, user

kc = admin()
kc.create_realm_role({"name": "reader", "description": "reads"})
kc.create_realm_role({"name": "writer"})
assert kc.create_realm_role({"name": "reader"}, skip_exists=True) == "reader"
assert kc.get_realm_role("reader")["description"] == "reads"
assert {"reader", "writer"} <= names(kc.get_realm_roles())

kc.create_realm_role({"name": "editor"})
kc.add_composite_realm_roles_to_role("editor", [kc.get_realm_role("reader")])
assert kc.get_realm_role("editor")["composite"] is True
assert names(kc.get_composite_realm_roles_of_role("editor")) == {"reader"}

kc.update_realm_role("writer", {"name": "writer", "description": "writes"})
assert kc.get_realm_role("writer")["description"] == "writes"

cid = kc.create_client({"clientId": "api", "publicClient": False, "secret": "s3cret"})
kc.create_client_role(cid, {"name": "admin"})
kc.create_client_role(cid, {"name": "viewer"})
assert names(kc.get_client_roles(cid)) == {"admin", "viewer"}
viewer = kc.get_client_role(cid, "viewer")
assert kc.get_client_role_id(cid, "viewer") == viewer["id"]
kc.add_composite_client_roles_to_role(cid, "admin", [viewer])
assert names(kc.get_composite_client_roles_of_role(cid, "admin")) == {"viewer"}

uid = user(kc, "dave")
kc.assign_realm_roles(uid, [kc.get_realm_role("editor")])
assert "editor" in names(kc.get_realm_roles_of_user(uid))
assert {"editor", "reader"} <= names(kc.get_composite_realm_roles_of_user(uid))
assert "writer" in names(kc.get_available_realm_roles_of_user(uid))
assert [m["username"] for m in kc.get_realm_role_members("editor")] == ["dave"]

kc.assign_client_role(uid, cid, [kc.get_client_role(cid, "admin")])
assert names(kc.get_client_roles_of_user(uid, cid)) == {"admin"}
assert names(kc.get_composite_client_roles_of_user(uid, cid)) == {"admin", "viewer"}
assert names(kc.get_available_client_roles_of_user(uid, cid)) == {"viewer"}
assert [m["username"] for m in kc.get_client_role_members(cid, "admin")] == ["dave"]
mappings = kc.get_all_roles_of_user(uid)
assert "editor" in names(mappings["realmMappings"]), mappings
assert names(mappings["clientMappings"]["api"]["mappings"]) == {"admin"}, mappings

kc.delete_client_roles_of_user(uid, cid, [kc.get_client_role(cid, "admin")])
assert kc.get_client_roles_of_user(uid, cid) == []
kc.delete_realm_roles_of_user(uid, [kc.get_realm_role("editor")])
assert "editor" not in names(kc.get_realm_roles_of_user(uid))

kc.remove_composite_realm_roles_to_role("editor", [kc.get_realm_role("reader")])
assert kc.get_composite_realm_roles_of_role("editor") == []
kc.delete_client_role(cid, "viewer")
assert names(kc.get_client_roles(cid)) == {"admin"}
kc.delete_realm_role("writer")
assert "writer" not in names(kc.get_realm_roles())
print("roles: ok")
