import { buildInstallation } from "./build-installation.ts";
import { buildSimpleUser } from "./build-simple-user.ts";
import { forbidden, notFound } from "./github-api-error.ts";
import type { OperationHandlers } from "./operation-types.ts";
import { paginateList } from "./paginate-list.ts";

/**
 * Who a token belongs to (`GET /user`) and which apps an organization installed
 * (`GET /orgs/{org}/installations`): what `foreman doctor` and the MCP server ask before acting.
 */
export function createAccountOperations(): OperationHandlers {
  return {
    "users/get-authenticated": async ({ runtime, actor }) => {
      // GitHub: installation tokens act for no user.
      if (actor.kind !== "user") throw forbidden("Resource not accessible by integration");
      const account = runtime.account(actor.login);
      return {
        status: 200,
        body: {
          ...buildSimpleUser(runtime, actor.login),
          name: null,
          company: null,
          blog: "",
          location: null,
          email: null,
          hireable: null,
          bio: null,
          public_repos: Object.values(runtime.state.repositories).filter((repo) => repo.owner === actor.login)
            .length,
          public_gists: 0,
          followers: 0,
          following: 0,
          created_at: account.createdAt,
          updated_at: account.createdAt,
        },
      };
    },

    "orgs/list-app-installations": async ({ runtime, actor, path, query, url }) => {
      const organization = runtime.state.accounts[path.org];
      if (organization?.type !== "Organization") throw notFound();
      // The emulator keeps no org membership: an admin of one of its repositories stands for an owner.
      const owner =
        actor.kind === "user" &&
        Object.values(runtime.state.repositories).some(
          (repo) => repo.owner === path.org && runtime.hasPermission(actor, repo, "admin"),
        );
      if (!owner) throw forbidden("You must be an organization owner to list its app installations");
      const installations = runtime.state.installations.flatMap((installation) => {
        const app = runtime.state.apps.find((candidate) => candidate.id === installation.appId);
        return app && installation.accountLogin === path.org
          ? [buildInstallation(runtime, installation, app)]
          : [];
      });
      const page = paginateList(installations, query, url);
      return {
        status: 200,
        body: { total_count: installations.length, installations: page.items as never },
        headers: page.headers,
      };
    },
  };
}
