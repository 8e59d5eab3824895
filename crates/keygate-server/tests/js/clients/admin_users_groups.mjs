// @keycloak/keycloak-admin-client: users and groups.
import assert from "node:assert/strict";
import { admin, names, statusOf, token, user } from "./common.mjs";

const kc = await admin();
const uid = await user(kc, "alice", "first-pw");
await user(kc, "bob");

const alice = await kc.users.findOne({ id: uid });
assert.equal(alice.username, "alice");
assert.equal(alice.email, "alice@example.com");
assert.equal(alice.userProfileMetadata, undefined, "metadata only when asked for");
const withMeta = await kc.users.findOne({ id: uid, userProfileMetadata: true });
assert.deepEqual(withMeta.userProfileMetadata.attributes.map((a) => a.name), ["username", "email", "firstName", "lastName"]);
assert.deepEqual((await kc.users.find({ search: "ali" })).map((u) => u.username), ["alice"]);
assert.deepEqual((await kc.users.find({ username: "bob", exact: true })).length, 1);
assert.equal(await kc.users.count(), 2);
assert.equal(await statusOf(user(kc, "alice")), 409, "duplicate username");

await kc.users.update({ id: uid }, { firstName: "Alicia", attributes: { team: ["blue"] } });
const updated = await kc.users.findOne({ id: uid });
assert.equal(updated.firstName, "Alicia");
assert.deepEqual(updated.attributes.team, ["blue"]);

await kc.users.resetPassword({ id: uid, credential: { type: "password", value: "second-pw", temporary: false } });
assert.deepEqual((await kc.users.getCredentials({ id: uid })).map((c) => c.type), ["password"]);
const signIn = await token({ grant_type: "password", client_id: "admin-cli", username: "alice", password: "second-pw" });
assert.equal(signIn.status, 200, JSON.stringify(signIn.body));

const eng = await kc.groups.create({ name: "eng" });
const backend = await kc.groups.createChildGroup({ id: eng.id }, { name: "backend" });
assert.deepEqual(names(await kc.groups.find()), ["eng"]);
assert.deepEqual((await kc.groups.listSubGroups({ parentId: eng.id })).map((g) => g.id), [backend.id]);
assert.equal((await kc.groups.findOne({ id: backend.id })).path, "/eng/backend");
assert.equal((await kc.groups.count()).count, 2);
assert.equal((await kc.groups.count({ top: true })).count, 1);
await kc.groups.update({ id: backend.id }, { name: "platform" });
assert.equal((await kc.groups.findOne({ id: backend.id })).path, "/eng/platform");

await kc.users.addToGroup({ id: uid, groupId: backend.id });
assert.deepEqual((await kc.users.listGroups({ id: uid })).map((g) => g.path), ["/eng/platform"]);
assert.equal((await kc.users.countGroups({ id: uid })).count, 1);
assert.deepEqual((await kc.groups.listMembers({ id: backend.id })).map((u) => u.username), ["alice"]);

await kc.roles.create({ name: "deployer" });
const deployer = await kc.roles.findOneByName({ name: "deployer" });
await kc.groups.addRealmRoleMappings({ id: backend.id, roles: [{ id: deployer.id, name: "deployer" }] });
assert.deepEqual(names(await kc.groups.listRealmRoleMappings({ id: backend.id })), ["deployer"]);
assert.ok(names(await kc.users.listCompositeRealmRoleMappings({ id: uid })).includes("deployer"));

await kc.users.delFromGroup({ id: uid, groupId: backend.id });
assert.deepEqual(await kc.users.listGroups({ id: uid }), []);
await kc.groups.del({ id: eng.id });
assert.equal(await kc.groups.findOne({ id: backend.id }), null, "subgroup went with parent");

await kc.users.del({ id: uid });
assert.equal(await kc.users.findOne({ id: uid }), null, "deleted user not found");
console.log("admin users + groups: ok");
