# syntax=docker/dockerfile:1
# The kratomwatch command line as an image (docker-compose.yml runs it as generate, ingest and
# engine). Build from the repository root: docker build -t kratomwatch:local .

# Build: the same Maven build as ./kratomwatch, tests skipped (mvn -B verify runs them, outside the image).
FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests -pl app -am package

# Runtime: the JRE, the jar and its dependencies (target/lib, named by the jar's Class-Path).
FROM eclipse-temurin:17-jre
# A fixed non-root user; named volumes mounted on /var/lib/kratomwatch/* take its ownership from
# the folders created here. curl (in the base image) serves the compose health checks.
RUN groupadd --system --gid 10001 kratomwatch \
    && useradd --system --uid 10001 --gid kratomwatch --home-dir /var/lib/kratomwatch --no-create-home kratomwatch \
    && mkdir -p /var/lib/kratomwatch/state /var/lib/kratomwatch/input \
    && chown -R kratomwatch:kratomwatch /var/lib/kratomwatch
COPY --from=build /src/app/target/kratomwatch.jar /app/kratomwatch.jar
COPY --from=build /src/app/target/lib /app/lib
USER kratomwatch
# Relative paths (the engine's default ./kratomwatch-state) land in the user's writable home.
WORKDIR /var/lib/kratomwatch
EXPOSE 7070
ENTRYPOINT ["java", "-jar", "/app/kratomwatch.jar"]
CMD ["--help"]
