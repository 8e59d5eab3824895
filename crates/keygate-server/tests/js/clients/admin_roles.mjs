// @keycloak/keycloak-admin-client: realm and client roles, composites, user role mappings.
import assert from "node:assert/strict";
import { admin, names, user } from "./common.mjs";

const kc = await admin();
await kc.roles.create({ name: "reader", description: "reads" });
await kc.roles.create({ name: "editor" });
const reader = await kc.roles.findOneByName({ name: "reader" });
assert.equal(reader.description, "reads");
assert.equal((await kc.roles.findOneById({ id: reader.id })).name, "reader");
await kc.roles.updateByName({ name: "reader" }, { name: "reader", description: "reads all" });
assert.equal((await kc.roles.findOneByName({ name: "reader" })).description, "reads all");

const editor = await kc.roles.findOneByName({ name: "editor" });
await kc.roles.createComposite({ roleId: editor.id }, [reader]);
assert.deepEqual(names(await kc.roles.getCompositeRoles({ id: editor.id })), ["reader"]);
assert.deepEqual(names(await kc.roles.getCompositeRolesForRealm({ id: editor.id })), ["reader"]);

const { id: cid } = await kc.clients.create({ clientId: "api", publicClient: false, secret: "s" });
await kc.clients.createRole({ id: cid, name: "admin" });
await kc.clients.createRole({ id: cid, name: "viewer" });
assert.deepEqual(names(await kc.clients.listRoles({ id: cid })), ["admin", "viewer"]);
const adminRole = await kc.clients.findRole({ id: cid, roleName: "admin" });
const viewer = await kc.clients.findRole({ id: cid, roleName: "viewer" });
await kc.roles.createComposite({ roleId: adminRole.id }, [viewer]);
assert.deepEqual(names(await kc.roles.getCompositeRolesForClient({ id: adminRole.id, clientId: cid })), ["viewer"]);

const uid = await user(kc, "dave");
await kc.users.addRealmRoleMappings({ id: uid, roles: [{ id: editor.id, name: "editor" }] });
assert.ok(names(await kc.users.listRealmRoleMappings({ id: uid })).includes("editor"));
const effective = names(await kc.users.listCompositeRealmRoleMappings({ id: uid }));
assert.ok(effective.includes("editor") && effective.includes("reader"), effective.join());
assert.deepEqual((await kc.roles.findUsersWithRole({ name: "editor" })).map((u) => u.username), ["dave"]);

await kc.users.addClientRoleMappings({ id: uid, clientUniqueId: cid, roles: [{ id: adminRole.id, name: "admin" }] });
assert.deepEqual(names(await kc.users.listClientRoleMappings({ id: uid, clientUniqueId: cid })), ["admin"]);
assert.deepEqual(names(await kc.users.listCompositeClientRoleMappings({ id: uid, clientUniqueId: cid })), ["admin", "viewer"]);
assert.deepEqual(names(await kc.users.listAvailableClientRoleMappings({ id: uid, clientUniqueId: cid })), ["viewer"]);
assert.deepEqual((await kc.clients.findUsersWithRole({ id: cid, roleName: "admin" })).map((u) => u.username), ["dave"]);
const all = await kc.users.listRoleMappings({ id: uid });
assert.ok(names(all.realmMappings).includes("editor"), JSON.stringify(all));
assert.deepEqual(names(all.clientMappings.api.mappings), ["admin"]);

await kc.users.delClientRoleMappings({ id: uid, clientUniqueId: cid, roles: [{ id: adminRole.id, name: "admin" }] });
assert.deepEqual(await kc.users.listClientRoleMappings({ id: uid, clientUniqueId: cid }), []);
await kc.users.delRealmRoleMappings({ id: uid, roles: [{ id: editor.id, name: "editor" }] });
assert.ok(!names(await kc.users.listRealmRoleMappings({ id: uid })).includes("editor"));

await kc.roles.delCompositeRoles({ id: editor.id }, [reader]);
assert.deepEqual(await kc.roles.getCompositeRoles({ id: editor.id }), []);
await kc.clients.delRole({ id: cid, roleName: "viewer" });
assert.deepEqual(names(await kc.clients.listRoles({ id: cid })), ["admin"]);
await kc.roles.delByName({ name: "reader" });
assert.equal(await kc.roles.findOneByName({ name: "reader" }), null);
console.log("admin roles: ok");
