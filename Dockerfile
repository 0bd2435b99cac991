# Finity API on Node 20 (see docs/deploy.md). Not built on our CI machines: Docker does not run there.
#   docker build -t finity-api .
#   docker run --rm -e DATABASE_URL=… finity-api npm run db:migrate
#   docker run -d -p 3000:3000 -e DATABASE_URL=… -e JWT_SECRET=… -e ENCRYPTION_KEY=… finity-api

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# postinstall applies patches/ (a postgres.js fix) with patch-package, a dev dependency: install
# everything, then drop the dev dependencies; the patched files stay.
COPY patches ./patches
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY drizzle ./drizzle
COPY migrations ./migrations
COPY scripts ./scripts
COPY src ./src
# DATA_DIR is only written without DATABASE_URL (embedded PGlite); keep it writable for the app user.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node runs tsx's loader directly (no npm in between), so SIGTERM reaches the app and it drains.
CMD ["node", "--import", "tsx", "src/node.ts"]
