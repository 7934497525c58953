# One image recipe for both Java services, chosen by build arguments:
#   SERVICE=inference-service PORT=5000   or   SERVICE=metrics-exporter PORT=8000
# Build context: the repository root (a service needs the parent POM and the other modules).
FROM maven:3.9.9-eclipse-temurin-17 AS build
ARG SERVICE
WORKDIR /src
COPY pom.xml ./
COPY credit-model/pom.xml credit-model/
COPY prediction-store/pom.xml prediction-store/
COPY credit-model-cli/pom.xml credit-model-cli/
COPY service-support/pom.xml service-support/
COPY inference-service/pom.xml inference-service/
COPY metrics-exporter/pom.xml metrics-exporter/
# the reactor's other modules, POMs only: Maven reads every module the parent lists, even with -pl
COPY monitoring/pom.xml monitoring/
COPY stack-tests/pom.xml stack-tests/
RUN mvn -B -ntp -q -pl credit-model,prediction-store dependency:go-offline || true
COPY credit-model/src credit-model/src
COPY prediction-store/src prediction-store/src
COPY service-support/src service-support/src
COPY inference-service/src inference-service/src
COPY metrics-exporter/src metrics-exporter/src
RUN mvn -B -ntp -q -pl "${SERVICE}" -am package -DskipTests

# A slim glibc-based JRE (XGBoost's native library needs glibc and libgomp).
FROM eclipse-temurin:17-jre-jammy
ARG SERVICE
ARG PORT
ENV PORT=${PORT}
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl libgomp1 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app creditwatch
WORKDIR /app
COPY --from=build /src/${SERVICE}/target/${SERVICE}.jar app.jar
COPY models/ models/
RUN mkdir -p data && chown creditwatch data
USER creditwatch
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PORT}/health/liveness" || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "app.jar"]
