# The shop as one image: Node 24 runs the TypeScript sources as they are (no build step).
FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY src ./src
COPY migrations ./migrations
COPY seeds ./seeds
COPY views ./views
COPY locales ./locales
COPY public ./public
USER node
EXPOSE 3000
CMD ["node", "src/server.ts"]
