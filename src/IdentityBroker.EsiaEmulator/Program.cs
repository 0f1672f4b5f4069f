using IdentityBroker.EsiaEmulator;

EmulatorApp.Create(args).Run();
