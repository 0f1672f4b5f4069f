// CPU cost of the signing work in one token response, measured the way TokenFactory signs (JsonWebTokenHandler,
// SetDefaultTimesOnTokenCreation = false, a claims dictionary of a diary account). Single thread; prints µs per token.
//   dotnet TokenCost.dll [seconds-per-case]
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2.0;
var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
var rsa = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "rs" };
var ec = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "es" };

string Token(SigningCredentials credentials)
{
    var now = DateTime.UtcNow;
    var claims = new Dictionary<string, object>
    {
        ["sub"] = "d38-1001", ["region"] = "38", ["client_id"] = "diary-38-web", ["scope"] = "openid profile diary offline_access",
        ["jti"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)), ["sid"] = Guid.NewGuid().ToString("N"),
        ["roles"] = new[] { "parent" }, ["children"] = new[] { "d38-2001", "d38-2002" }, ["auth_time"] = 1_700_000_000L,
        ["acr"] = "urn:esia:loa:confirmed", ["amr"] = new[] { "pwd" },
    };
    return handler.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "https://id.dnevnik38.ru", Audience = "diary-api", IssuedAt = now, NotBefore = now, Expires = now.AddMinutes(15),
        TokenType = "at+jwt", Claims = claims, SigningCredentials = credentials,
    });
}

void Measure(string name, Func<string> make)
{
    for (var i = 0; i < 200; i++) make(); // warm-up (JIT, key handles)
    var n = 0;
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    while (sw.Elapsed.TotalSeconds < seconds) { make(); n++; }
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMicroseconds / n;
    Console.WriteLine($"{name,-40} {sw.Elapsed.TotalMicroseconds / n,8:F0} µs wall/token {cpu,8:F0} µs CPU/token  ({n} tokens)");
}

Measure("JWT RS256 (RSA 2048), TokenFactory-like", () => Token(new SigningCredentials(rsa, SecurityAlgorithms.RsaSha256)));
Measure("JWT ES256 (P-256), TokenFactory-like", () => Token(new SigningCredentials(ec, SecurityAlgorithms.EcdsaSha256)));
Measure("JWT unsigned-equivalent (HS256)", () => Token(new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256)));
var data = RandomNumberGenerator.GetBytes(300);
var provider = rsa.CryptoProviderFactory.CreateForSigning(rsa, SecurityAlgorithms.RsaSha256);
Measure("IdentityModel SignatureProvider.Sign RS256", () => { provider.Sign(data); return ""; });
Measure("raw RSA-2048 PKCS#1 SHA-256 sign", () => { rsa.Rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1); return ""; });
Measure("raw ECDSA P-256 sign", () => { ec.ECDsa.SignData(data, HashAlgorithmName.SHA256); return ""; });
