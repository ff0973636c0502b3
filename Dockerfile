# The bot's container image. docs/deploy.md says how to run it; in short:
#
#   docker build -t four-eyes .
#   docker run --rm --env-file .env -e DATABASE_URL=postgres://OWNER… four-eyes npm run db:migrate
#   docker run -d --env-file .env -p 3000:3000 four-eyes
#
# The bot never migrates at start-up here (MIGRATE_ON_START=false): migrating is its own step,
# run as the role that owns the schema, before the new version starts.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: every dependency, the generated Prisma client, and src/ compiled to dist/ --------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The image's npm 10 does not know package.json's allowScripts (npm 11) and would run every
# dependency's install script, @prisma/engines downloading native engines this project never
# uses among them. Skip them all; the one script that matters, prisma generate, runs below.
RUN npm ci --ignore-scripts
COPY prisma.config.ts tsconfig.json ./
COPY prisma ./prisma
# prisma.config.ts loads the database adapters from src/db.
COPY src ./src
RUN npm run db:generate
COPY scripts/build.mjs ./scripts/build.mjs
COPY tsconfig.build.json ./
RUN npm run build

# --- runtime: production dependencies and the compiled JavaScript (no TypeScript at run time) ---
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    MIGRATE_ON_START=false \
    DATA_DIR=/data \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY prisma ./prisma
COPY manifest.yml ./
# npm run db:migrate / audit / doctor build first when dist/ is stale; without src/ that is a no-op.
COPY scripts/build.mjs ./scripts/build.mjs
COPY --from=build /app/dist ./dist
COPY deploy/healthcheck.mjs ./deploy/healthcheck.mjs
# The code stays root's and read-only to the bot; only DATA_DIR is its own (PGlite, audit.key).
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "deploy/healthcheck.mjs"]
# node itself, not npm start: SIGTERM from the platform reaches the bot, which stops gracefully.
CMD ["node", "dist/main.js"]
