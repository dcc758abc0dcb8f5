using Microsoft.Net.Http.Headers;

namespace Wharf.Http;

/// <summary>A content type an endpoint can answer with, and the server-side weight JAX-RS calls qs.</summary>
public readonly record struct MediaTypeOffer(string ContentType, double Quality);

/// <summary>
/// Picks the response content type as JAX-RS (Jersey) does for the original: of the types an endpoint
/// produces, those the Accept header allows, ranked by the client's q, then the server's qs, then by how
/// specifically the Accept entry named them. No Accept header means <c>*/*</c>.
/// </summary>
public static class ContentNegotiation
{
    public static string? Select(string? acceptHeader, IReadOnlyList<MediaTypeOffer> offers)
    {
        var accepted = ParseAccept(acceptHeader);
        string? best = null;
        (double Q, double Qs, int Specificity) bestRank = (-1, -1, -1);
        foreach (var offer in offers)
        {
            var match = BestMatch(accepted, offer.ContentType);
            if (match is not { } found || found.Q <= 0)
            {
                continue;
            }

            var rank = (found.Q, offer.Quality, found.Specificity);
            if (rank.CompareTo(bestRank) > 0)
            {
                bestRank = rank;
                best = offer.ContentType;
            }
        }

        return best;
    }

    private static List<(string Type, string SubType, double Q)> ParseAccept(string? header)
    {
        var result = new List<(string, string, double)>();
        if (!string.IsNullOrWhiteSpace(header) && MediaTypeHeaderValue.TryParseList(header.Split(','), out var values))
        {
            foreach (var value in values)
            {
                result.Add((value.Type.Value ?? "*", value.SubType.Value ?? "*", value.Quality ?? 1.0));
            }
        }

        if (result.Count == 0)
        {
            result.Add(("*", "*", 1.0));
        }

        return result;
    }

    private static (double Q, int Specificity)? BestMatch(List<(string Type, string SubType, double Q)> accepted, string offer)
    {
        var slash = offer.IndexOf('/', StringComparison.Ordinal);
        var type = offer[..slash];
        var subType = offer[(slash + 1)..];
        (double Q, int Specificity)? best = null;
        foreach (var (acceptType, acceptSubType, q) in accepted)
        {
            int specificity;
            if (acceptType == "*")
            {
                specificity = 0;
            }
            else if (!acceptType.Equals(type, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            else if (acceptSubType == "*")
            {
                specificity = 1;
            }
            else if (acceptSubType.Equals(subType, StringComparison.OrdinalIgnoreCase))
            {
                specificity = 2;
            }
            else
            {
                continue;
            }

            // The most specific matching entry decides the q of this offer (RFC 9110, 12.5.1).
            if (best is null || specificity > best.Value.Specificity)
            {
                best = (q, specificity);
            }
        }

        return best;
    }
}
