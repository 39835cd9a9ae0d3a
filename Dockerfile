# The API with the built console (and the `hotline` CLI), for docker compose. Build context: the repository root.
# Secrets are never baked in: .env is in .dockerignore and every setting comes from the environment at run time.
# The current Node.js LTS: 26 "Lithium" (Active LTS since 2026-10-28, end of life April 2029; 24 "Krypton" is in
# maintenance, 20 reached its end in April 2026). The code also runs on Node 20.19+ (package.json `engines`), as on
# the development machines and CI.
FROM node:26-trixie-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY apps/api/package.json apps/api/
COPY apps/cli/package.json apps/cli/
COPY apps/console/package.json apps/console/
COPY apps/intake/package.json apps/intake/
COPY libs libs
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
ENV HOST=0.0.0.0 PORT=3000 NODE_ENV=production
# Runs unprivileged: the API and the CLI only read the image's files.
USER node
EXPOSE 3000
CMD ["sh", "-c", "npm run db:migrate && exec node apps/api/dist/main.js"]
