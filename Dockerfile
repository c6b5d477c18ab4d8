# Mandala as a container: the fat jar on a JRE, run as a non-root user, with the rules and the sample
# facts it reads from its working directory. Build: docker build -t mandala .
# Several replicas on one PostgreSQL behind a balancer: compose.yaml and README, "Run several replicas".

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
COPY rules rules
COPY facts facts
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin mandala
WORKDIR /app
COPY --from=build /src/target/mandala.jar /app/mandala.jar
# rules/ is the replica's working copy (the active version is written back into it); data/ holds the
# embedded H2 database when no PostgreSQL is configured
COPY --chown=mandala:mandala rules /app/rules
COPY --chown=mandala:mandala facts /app/facts
RUN mkdir -p /app/data /app/reports && chown mandala:mandala /app/data /app/reports
USER mandala
EXPOSE 8080
# ready: the database answers and a compiled ruleset is active
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness > /dev/null || exit 1
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=75", "-jar", "/app/mandala.jar"]
