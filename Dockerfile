# syntax=docker/dockerfile:1
# One image for every role of ist-export; the command chooses: `worker` (default), `serve` (partner API),
# `codec-server`, `setup`, `schedules apply`, or any other CLI verb. See README "Deploying".

# Production dependencies only. tsx is one of them: the code runs as TypeScript, without a compile step.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# The workflow bundle, built once here so a worker starts without bundling (WORKFLOW_BUNDLE).
FROM deps AS bundle
COPY tsconfig.json ./
COPY src ./src
COPY activities ./activities
COPY workflows ./workflows
COPY scripts ./scripts
RUN npm run build:bundle && test -s dist/workflow-bundle.js

FROM node:20-bookworm-slim AS runtime
# tini as PID 1: it forwards SIGTERM to node (which drains the worker) and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js \
    METRICS_HOST=0.0.0.0 \
    METRICS_PORT=9464 \
    API_HOST=0.0.0.0 \
    DATA_DIR=/tmp/ist-export \
    LOG_LEVEL=info
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY activities ./activities
COPY workflows ./workflows
COPY config/customers.demo.yaml ./config/customers.demo.yaml
COPY --from=bundle /app/dist ./dist
# The node image's unprivileged user `node` (uid 1000), by number so a host policy can check it; /app is not writable by it.
USER 1000:1000
EXPOSE 9464 8080 8888
# Health checks are per role (worker: METRICS_PORT/healthz, API: API_PORT/healthz): see docker-compose.yml.
ENTRYPOINT ["/usr/bin/tini", "--", "node", "--import", "tsx", "src/bin/cli.ts"]
CMD ["worker"]
