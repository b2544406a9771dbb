# syntax=docker/dockerfile:1
# better-sqlite3 is a native module: it is built (or its prebuilt binary fetched) in stages that
# have a compiler; the runtime stage copies the built node_modules and has no toolchain.
FROM node:20-bookworm-slim AS toolchain
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./

# Build stage: full install to type-check.
FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY schemas ./schemas
COPY solver ./solver
COPY src ./src
COPY web ./web
RUN npx tsc --noEmit && npm run -s build:web

# Production dependencies only.
FROM toolchain AS production-dependencies
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/schemas ./schemas
COPY --from=build /app/solver ./solver
COPY --from=build /app/src ./src
COPY --from=build /app/web/dist ./web/dist
COPY samples ./samples
RUN mkdir -p /data && chown node:node /data
USER node
# Plans, jobs and the audit log live here (SQLite, WAL): keep it on a volume.
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--import", "tsx", "src/server.ts"]
