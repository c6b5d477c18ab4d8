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
COPY --from=build /src/target/mandala.jar /tmp/mandala.jar
# rules/ is the replica's working copy (the active version is written back into it); data/ holds the
# embedded H2 database when no PostgreSQL is configured
COPY --chown=mandala:mandala rules /app/rules
COPY --chown=mandala:mandala facts /app/facts
RUN mkdir -p /app/data /app/reports && chown mandala:mandala /app/data /app/reports
# Start-up (README, "Start-up"): the jar extracted, and a class-data sharing archive of the classes a
# training run loads (it starts the context on an in-memory database and exits; as root, leaving nothing
# behind but the jar, its libraries and the archive, all read-only for the service), so the JVM maps them
# instead of loading them one by one. A static archive without the lambda proxies: on Java 17 the dynamic
# one, and a static one with them, crashed the JVM while it wrote the archive (README).
RUN java -Djarmode=tools -jar /tmp/mandala.jar extract --destination /app/jar \
    && java -XX:DumpLoadedClassList=/app/jar/app.classlist -Dspring.context.exit=onRefresh -jar /app/jar/mandala.jar \
       --server.port=0 --mandala.facts.load-on-startup=false --mandala.rules.cache-dir= \
       '--spring.datasource.url=jdbc:h2:mem:training;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH' \
    && grep -v '^@lambda-proxy' /app/jar/app.classlist > /app/jar/app-classes.classlist \
    && java -Xshare:dump -XX:SharedClassListFile=/app/jar/app-classes.classlist -XX:SharedArchiveFile=/app/jar/app.jsa \
       -cp /app/jar/mandala.jar \
    && rm -rf /tmp/*
USER mandala
EXPOSE 8080
# ready: the database answers and a compiled ruleset is active
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness > /dev/null || exit 1
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/jar/app.jsa", "-XX:+UseParallelGC", "-XX:MaxRAMPercentage=75", "-jar", "/app/jar/mandala.jar"]
