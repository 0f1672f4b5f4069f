using IdentityBroker.DemoClient;

DemoClientApp.Create(args).Run();
