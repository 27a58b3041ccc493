import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An IPv4 or IPv6 address or CIDR range (`10.0.0.0/8`, `::1`), used for `TRUSTED_PROXIES`.
public struct IPAddressRange: Sendable, Equatable, CustomStringConvertible {
    public let network: [UInt8]
    public let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let bytes = IPAddressRange.parseAddress(first) else { return nil }
        let maxPrefix = bytes.count * 8
        var prefix = maxPrefix
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...maxPrefix).contains(value) else { return nil }
            prefix = value
        }
        self.network = bytes
        self.prefixLength = prefix
    }

    public var description: String {
        network.count == 4
            ? network.map(String.init).joined(separator: ".") + "/\(prefixLength)"
            : "ipv6/\(prefixLength)"
    }

    /// Whether `address` (textual) falls inside this range. IPv4-mapped IPv6 addresses
    /// (`::ffff:10.0.0.1`) match IPv4 ranges.
    public func contains(_ address: String) -> Bool {
        guard var bytes = IPAddressRange.parseAddress(address) else { return false }
        if bytes.count == 16, network.count == 4, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            bytes = Array(bytes[12...])
        }
        guard bytes.count == network.count else { return false }
        var remaining = prefixLength
        for index in 0..<bytes.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xff << (8 - bits))
            if bytes[index] & mask != network[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    static func parseAddress(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
