// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Poseidon2} from "./Poseidon2.sol";
import {KeystoreProtocol} from "keystore-protocol/KeystoreProtocol.sol";

/// @title Spending rules: binary form and hash (docs/spec/state.md §8)
library SpendingRules {
    uint256 internal constant DOMAIN_SPENDING_RULES = KeystoreProtocol.DOMAIN_SPENDING_RULES;
    uint8 internal constant VERSION = 1;
    uint256 internal constant MAX_RULES = 8;
    uint256 internal constant RULE_BYTES = 60;

    struct Rule {
        address token; // address(0) = native ETH
        uint64 period; // seconds, > 0
        uint256 limit; // < r, per period
    }

    /// @notice The encoding is not `0x01 ‖ n ‖ 60·n bytes` with n <= 8.
    error BadRulesEncoding(uint256 length);
    /// @notice The version byte is not 1.
    error BadRulesVersion(uint8 version);
    /// @notice A rule has period 0.
    error ZeroPeriod(address token);
    /// @notice A rule's limit is not below the field modulus.
    error LimitNotAFieldElement(address token);
    /// @notice Tokens are not strictly ascending.
    error RulesNotSorted(address previous, address token);

    /// @notice Decodes and checks the §8.3 binary form.
    function decode(bytes calldata enc) internal pure returns (Rule[] memory rules) {
        if (enc.length < 2) revert BadRulesEncoding(enc.length);
        if (uint8(enc[0]) != VERSION) revert BadRulesVersion(uint8(enc[0]));
        uint256 n = uint8(enc[1]);
        if (n > MAX_RULES || enc.length != 2 + RULE_BYTES * n) revert BadRulesEncoding(enc.length);
        rules = new Rule[](n);
        for (uint256 i; i < n; ++i) {
            uint256 o = 2 + RULE_BYTES * i;
            Rule memory r = Rule({
                token: address(bytes20(enc[o:o + 20])),
                period: uint64(bytes8(enc[o + 20:o + 28])),
                limit: uint256(bytes32(enc[o + 28:o + 60]))
            });
            if (r.period == 0) revert ZeroPeriod(r.token);
            if (r.limit >= Poseidon2.P) revert LimitNotAFieldElement(r.token);
            if (i > 0 && uint160(r.token) <= uint160(rules[i - 1].token)) {
                revert RulesNotSorted(rules[i - 1].token, r.token);
            }
            rules[i] = r;
        }
    }

    /// @notice 0 for no rules, else H_9(n, token_0, period_0, limit_0, ...).
    function hash(Rule[] memory rules) internal pure returns (uint256 h) {
        uint256 n = rules.length;
        if (n == 0) return 0;
        h = Poseidon2.compress(DOMAIN_SPENDING_RULES, n);
        for (uint256 i; i < n; ++i) {
            h = Poseidon2.compress(h, uint160(rules[i].token));
            h = Poseidon2.compress(h, rules[i].period);
            h = Poseidon2.compress(h, rules[i].limit);
        }
    }
}
