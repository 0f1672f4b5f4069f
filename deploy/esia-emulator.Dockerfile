# NEVER PRODUCTION. The ESIA emulator (src/IdentityBroker.EsiaEmulator) for a staging stand only: it plays ESIA with
# test personas and accepts any self-signed GOST client certificate. The chart runs it only with staging.enabled.
#   docker build -f deploy/esia-emulator.Dockerfile -t registry.example.ru/identity-broker/esia-emulator:0.1.0 .

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY global.json NuGet.config Directory.Build.props Directory.Packages.props ./
COPY src/IdentityBroker.EsiaEmulator/IdentityBroker.EsiaEmulator.csproj src/IdentityBroker.EsiaEmulator/
RUN dotnet restore src/IdentityBroker.EsiaEmulator/IdentityBroker.EsiaEmulator.csproj
COPY src/IdentityBroker.EsiaEmulator/ src/IdentityBroker.EsiaEmulator/
RUN dotnet publish src/IdentityBroker.EsiaEmulator/IdentityBroker.EsiaEmulator.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-noble-chiseled AS final
LABEL org.opencontainers.image.title="IdentityBroker ESIA emulator (never production)"
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 DOTNET_EnableDiagnostics=0 HOME=/tmp
EXPOSE 8080
USER 1654
ENTRYPOINT ["/app/IdentityBroker.EsiaEmulator"]
