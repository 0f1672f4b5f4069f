using System.Security.Cryptography;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// The short number shown on a refusal, for school staff to look the attempt up (R-ERR-1): 8 characters of Crockford's
/// base32 (no I, L, O, U), grouped as XXXX-XXXX. 40 bits: unique enough among a region's refusals, short enough to dictate.
/// </summary>
internal static class ReferenceNumber
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        Span<char> chars = stackalloc char[9];
        for (int i = 0, j = 0; i < 8; i++, j++)
        {
            if (i == 4)
            {
                chars[j++] = '-';
            }

            chars[j] = Alphabet[bytes[i] & 31];
        }

        return new string(chars);
    }
}
