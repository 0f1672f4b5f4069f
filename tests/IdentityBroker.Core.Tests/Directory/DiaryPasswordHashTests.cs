using IdentityBroker.Core.Directory;

namespace IdentityBroker.Core.Tests.Directory;

/// <summary>
/// R-MATCH-6 / R-REGION-3: the diary password verifier. The vectors were computed outside .NET with Python's
/// <c>hashlib.pbkdf2_hmac</c> (password "Пароль-123" as UTF-8; PHC salt bytes fb ef be 3e 0f 01 02 … 0b, written in passlib's
/// adapted base64 so it starts with "...."; Identity v3 salt bytes 00 … 0f) and pasted here as constants, so the test does
/// not just repeat the implementation.
/// </summary>
public sealed class DiaryPasswordHashTests
{
    private const string Password = "Пароль-123";

    private const string PhcSha256 = "$pbkdf2-sha256$29000$....Pg8BAgMEBQYHCAkKCw$WrxteIYvlCHejd.VAHkkTPNQY.ZMIM.6vD38nESzqCU";
    private const string PhcSha512 = "$pbkdf2-sha512$25000$....Pg8BAgMEBQYHCAkKCw$pRmqRQy.FhXuSGYfh01o27nth/sYeyfTUQ8tBylpK6m6HCyXec7q4.IzspuakvzZUIx0Di.HUKNxM0qYfMaMmw";
    private const string PhcSha1 = "$pbkdf2$10000$....Pg8BAgMEBQYHCAkKCw$EWvD2N3iZqGHYuKcLT98WWlZ7as";
    private const string IdentityV3Sha256 = "AQAAAAEAACcQAAAAEAABAgMEBQYHCAkKCwwNDg/6gvoVHUZJjm8ugFeCsXf6kRCo0SJc+EPddasKkXokdQ==";
    private const string IdentityV3Sha512 = "AQAAAAIAACcQAAAAEAABAgMEBQYHCAkKCwwNDg+pADdBW7T+mcLm3gOz1R2YsXCuVGn/F1XvRSbWHm3PKWWeTNLCTDRwCNOXuT8+urfb4GVxCDEwNLImh7V4o0ah";
    private const string IdentityV3Sha1 = "AQAAAAAAACcQAAAAEAABAgMEBQYHCAkKCwwNDg+og2Lfqb1kIQy27qEymRkoX1hnzg==";

    [TestCase(PhcSha256, TestName = "Verify_Rmatch6_PhcPbkdf2Sha256_RightPassword_True")]
    [TestCase(PhcSha512, TestName = "Verify_Rmatch6_PhcPbkdf2Sha512_RightPassword_True")]
    [TestCase(PhcSha1, TestName = "Verify_Rmatch6_PhcPbkdf2Sha1_RightPassword_True")]
    [TestCase(IdentityV3Sha256, TestName = "Verify_Rmatch6_IdentityV3Sha256_RightPassword_True")]
    [TestCase(IdentityV3Sha512, TestName = "Verify_Rmatch6_IdentityV3Sha512_RightPassword_True")]
    [TestCase(IdentityV3Sha1, TestName = "Verify_Rmatch6_IdentityV3Sha1_RightPassword_True")]
    public void Verify_KnownVector_RightPassword(string hash)
    {
        Assert.That(DiaryPasswordHash.IsWellFormed(hash), Is.True);
        Assert.That(DiaryPasswordHash.Verify(hash, Password), Is.True);
    }

    [TestCase(PhcSha256, "пароль-123", TestName = "Verify_Rmatch6_PhcSha256_OtherCase_False")]
    [TestCase(PhcSha256, "Пароль-123 ", TestName = "Verify_Rmatch6_PhcSha256_TrailingSpace_False")]
    [TestCase(PhcSha256, "", TestName = "Verify_Rmatch6_PhcSha256_Empty_False")]
    [TestCase(PhcSha512, "Пароль-124", TestName = "Verify_Rmatch6_PhcSha512_OneCharDiffers_False")]
    [TestCase(PhcSha1, "Parol-123", TestName = "Verify_Rmatch6_PhcSha1_Transliterated_False")]
    [TestCase(IdentityV3Sha256, "пароль-123", TestName = "Verify_Rmatch6_IdentityV3Sha256_OtherCase_False")]
    [TestCase(IdentityV3Sha512, "", TestName = "Verify_Rmatch6_IdentityV3Sha512_Empty_False")]
    [TestCase(IdentityV3Sha1, "Пароль-12", TestName = "Verify_Rmatch6_IdentityV3Sha1_Prefix_False")]
    public void Verify_WrongPassword_False(string hash, string password) =>
        Assert.That(DiaryPasswordHash.Verify(hash, password), Is.False);

    [TestCase(null, TestName = "Verify_Rmatch6_NullHash_False")]
    [TestCase("", TestName = "Verify_Rmatch6_EmptyHash_False")]
    [TestCase("   ", TestName = "Verify_Rmatch6_BlankHash_False")]
    [TestCase("not a hash", TestName = "Verify_Rmatch6_PlainText_False")]
    [TestCase("Пароль-123", TestName = "Verify_Rmatch6_ClearTextPasswordAsHash_False")]
    [TestCase("$pbkdf2-sha256$29000$....Pg8BAgMEBQYHCAkKCw", TestName = "Verify_Rmatch6_PhcMissingHashPart_False")]
    [TestCase("$pbkdf2-sha256$29000$....Pg8BAgMEBQYHCAkKCw$WrxteIYvlCHejd.VAHkkTPNQY.ZMIM.6vD38nESzqCU$extra", TestName = "Verify_Rmatch6_PhcExtraPart_False")]
    [TestCase("x$pbkdf2-sha256$29000$....Pg8BAgMEBQYHCAkKCw$WrxteIYvlCHejd.VAHkkTPNQY.ZMIM.6vD38nESzqCU", TestName = "Verify_Rmatch6_PhcLeadingGarbage_False")]
    [TestCase("$pbkdf2-md5$29000$....Pg8BAgMEBQYHCAkKCw$WrxteIYvlCHejd.VAHkkTPNQY.ZMIM.6vD38nESzqCU", TestName = "Verify_Rmatch6_PhcUnknownAlgorithm_False")]
    [TestCase("$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", TestName = "Verify_Rmatch6_Argon2_NotSupported_False")]
    [TestCase("$pbkdf2-sha256$-29000$....Pg8BAgMEBQYHCAkKCw$WrxteIYvlCHejd.VAHkkTPNQY.ZMIM.6vD38nESzqCU", TestName = "Verify_Rmatch6_PhcNegativeRounds_False")]
    [TestCase("$pbkdf2-sha256$+29000$....Pg8BAgMEBQYHCAkKCw$WrxteIYvlCHejd.VAHkkTPNQY.ZMIM.6vD38nESzqCU", TestName = "Verify_Rmatch6_PhcSignedRounds_False")]
    [TestCase("$pbkdf2-sha256$29 000$....Pg8BAgMEBQYHCAkKCw$WrxteIYvlCHejd.VAHkkTPNQY.ZMIM.6vD38nESzqCU", TestName = "Verify_Rmatch6_PhcRoundsWithSpace_False")]
    [TestCase("$pbkdf2-sha256$99999999999$....Pg8BAgMEBQYHCAkKCw$WrxteIYvlCHejd.VAHkkTPNQY.ZMIM.6vD38nESzqCU", TestName = "Verify_Rmatch6_PhcRoundsOverflowInt_False")]
    [TestCase("$pbkdf2-sha256$10000001$....Pg8BAgMEBQYHCAkKCw$WrxteIYvlCHejd.VAHkkTPNQY.ZMIM.6vD38nESzqCU", TestName = "Verify_Rmatch6_PhcRoundsAboveTenMillion_False")]
    [TestCase("$pbkdf2-sha256$999$....Pg8BAgMEBQYHCAkKCw$Jg1ZnF1jVP8tl/HL3DtaJupFhQ9hdOke6CUQSOWvIzk", TestName = "Verify_Rmatch6_PhcRoundsBelowThousand_EvenWhenCorrect_False")]
    [TestCase("$pbkdf2-sha256$29000$....Pg$eh1EcceHBneWq.Zrg/4MNoZ2ixIuUADtIsb4FIWIzLA", TestName = "Verify_Rmatch6_PhcSaltShorterThan8Bytes_EvenWhenCorrect_False")]
    [TestCase("$pbkdf2-sha256$29000$....Pg8BAgMEBQYHCAkKCw$WrxteIYvlCE", TestName = "Verify_Rmatch6_PhcSubkeyShorterThan16Bytes_EvenWhenCorrect_False")]
    [TestCase("$pbkdf2-sha256$29000$!!!!Pg8BAgMEBQYHCAkKCw$WrxteIYvlCHejd.VAHkkTPNQY.ZMIM.6vD38nESzqCU", TestName = "Verify_Rmatch6_PhcSaltNotBase64_False")]
    [TestCase("AQAAAAMAACcQAAAAEAABAgMEBQYHCAkKCwwNDg/6gvoVHUZJjm8ugFeCsXf6kRCo0SJc+EPddasKkXokdQ==", TestName = "Verify_Rmatch6_IdentityV3UnknownPrf_False")]
    [TestCase("AQAAAAEAACcQ/////wABAgMEBQYHCAkKCwwNDg/6gvoVHUZJjm8ugFeCsXf6kRCo0SJc+EPddasKkXokdQ==", TestName = "Verify_Rmatch6_IdentityV3SaltLengthUint32Max_False")]
    [TestCase("AQAAAAEAACcQAAAAMQABAgMEBQYHCAkKCwwNDg/6gvoVHUZJjm8ugFeCsXf6kRCo0SJc+EPddasKkXokdQ==", TestName = "Verify_Rmatch6_IdentityV3SaltLengthPastTheEnd_False")]
    [TestCase("AQAAAAGAAAAAAAAAEAABAgMEBQYHCAkKCwwNDg/6gvoVHUZJjm8ugFeCsXf6kRCo0SJc+EPddasKkXokdQ==", TestName = "Verify_Rmatch6_IdentityV3IterationsAboveInt32_False")]
    [TestCase("AQAAAAEAAAAAAAAAEAABAgMEBQYHCAkKCwwNDg/6gvoVHUZJjm8ugFeCsXf6kRCo0SJc+EPddasKkXokdQ==", TestName = "Verify_Rmatch6_IdentityV3ZeroIterations_False")]
    [TestCase("AAAAAAEAACcQAAAAEAABAgMEBQYHCAkKCwwNDg/6gvoVHUZJjm8ugFeCsXf6kRCo0SJc+EPddasKkXokdQ==", TestName = "Verify_Rmatch6_IdentityV3FormatByteNotOne_False")]
    [TestCase("AQAAAAEAAA==", TestName = "Verify_Rmatch6_IdentityV3TruncatedHeader_False")]
    [TestCase("AQAAAAEAACcQAAAAEAABAgMEBQYHCAkKCwwNDg/6gvoVHUZJjm8ugFeCsXf6kRCo0SJc+EPddasKkXokdQ", TestName = "Verify_Rmatch6_IdentityV3MissingPadding_False")]
    public void Verify_MalformedOrOutOfBoundsHash_FalseWithoutThrowing(string? hash)
    {
        Assert.That(DiaryPasswordHash.IsWellFormed(hash), Is.False);
        Assert.That(DiaryPasswordHash.Verify(hash, Password), Is.False);
    }

    [Test]
    public void Verify_Rmatch6_HashLongerThan1024Characters_False()
    {
        var hash = "$pbkdf2-sha256$29000$" + new string('A', 600) + "$" + new string('B', 600);

        Assert.That(DiaryPasswordHash.IsWellFormed(hash), Is.False);
        Assert.That(DiaryPasswordHash.Verify(hash, Password), Is.False);
    }

    [Test]
    public void Verify_Rmatch6_NullPassword_Throws() =>
        Assert.That(() => DiaryPasswordHash.Verify(PhcSha256, null!), Throws.ArgumentNullException);

    [Test]
    public void Create_Rmatch6_IdentityV3Sha256_VerifiesOnlyItsOwnPassword()
    {
        var hash = DiaryPasswordHash.Create(Password, iterations: 1_000);
        var bytes = Convert.FromBase64String(hash);

        Assert.That(bytes[0], Is.EqualTo(0x01), "Identity v3 format byte");
        Assert.That(bytes[1..5], Is.EqualTo(new byte[] { 0, 0, 0, 1 }), "PRF 1 = HMAC-SHA256");
        Assert.That(DiaryPasswordHash.Verify(hash, Password), Is.True);
        Assert.That(DiaryPasswordHash.Verify(hash, Password + "!"), Is.False);
        Assert.That(DiaryPasswordHash.Create(Password, iterations: 1_000), Is.Not.EqualTo(hash), "a fresh random salt each time");
    }
}
