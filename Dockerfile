# One image for every service of the YRD interop gateway; docker-compose.yml picks the
# service with `command:` (node dist/gateway/main.js, node dist/subgraphs/<name>/main.js).

# ---- build: compile TypeScript and write the subgraphs' SDL (dist/schemas) ----
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY common ./common
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY mocks ./mocks
COPY scripts ./scripts
COPY pages ./pages
RUN npm run build

# ---- runtime: production dependencies, the build output, the data files read at run time ----
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
# @apollo/gateway's telemetry off (cloud-metadata probes, metrics to Apollo): the gateway
# sets it in code too; this is the second guard (README "Network egress").
ENV APOLLO_TELEMETRY_DISABLED=true
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# dist/ holds the JS and dist/schemas/*.graphql, which the gateway composes at start-up
# (SCHEMA_DIR). tsc copies imported JSON (mocks/scenarios.json) into dist/ as well.
COPY --from=build /app/dist ./dist
# Read by the interop subgraph relative to the working directory (POLICY_FILE), so it
# keeps its repository path under /app. No trust registry: the published mock keys' file
# is refused in production; mount the issuers' registry at TRUST_REGISTRY_FILE, or run
# the demo with TRUST_REGISTRY=demo (docker-compose.yml).
COPY subgraphs/interop/recognition/policies.json ./subgraphs/interop/recognition/policies.json
# Files stay root-owned: the services only read them, and a compromised process cannot
# rewrite its own code or policies. The one exception is the gateway's audit spool
# (AUDIT_SPOOL_FILE, default var/audit/audit.jsonl): its folder belongs to the runtime
# user, and a named volume mounted there (docker-compose.yml) starts with that owner.
RUN mkdir -p /app/var/audit && chown node:node /app/var/audit
USER node
EXPOSE 4000 4001 4002 4003 4004 4005
CMD ["node", "dist/gateway/main.js"]
