// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title RLP decoding in place, over calldata
/// @notice Reads RLP items as (offset, length) slices of calldata, without copying. Every read
///         is bounded by the `end` of the enclosing item: an item that would reach past it
///         reverts with MalformedRlp.
/// @dev    Non-canonical encodings (a long form for a short item, leading zeros in a length)
///         are not rejected: the callers only read data committed to by a Keccak-256 hash that
///         the honest encoder produced, so no second encoding of the same data can pass.
library RlpCalldata {
    /// @notice An RLP item was truncated, of the wrong kind, or did not fill its container.
    error MalformedRlp();

    /// @notice The item at calldata offset `ptr`, which must end at or before `end`.
    /// @return payload offset of the payload (for a single byte below 0x80: `ptr` itself)
    /// @return length  length of the payload
    /// @return isList  true for a list, false for a string
    function item(uint256 ptr, uint256 end) internal pure returns (uint256 payload, uint256 length, bool isList) {
        assembly ("memory-safe") {
            if iszero(lt(ptr, end)) {
                mstore(0, 0x82bd8b74) // MalformedRlp()
                revert(0x1c, 4)
            }
            let b0 := byte(0, calldataload(ptr))
            switch lt(b0, 0x80)
            case 1 {
                payload := ptr
                length := 1
            }
            default {
                isList := gt(b0, 0xbf)
                // short form: prefix - 0x80 (string) or - 0xc0 (list), below 56
                let short := sub(b0, add(0x80, mul(isList, 0x40)))
                switch lt(short, 56)
                case 1 {
                    payload := add(ptr, 1)
                    length := short
                }
                default {
                    // long form: (short - 55) = 1..8 bytes of length follow
                    let lengthBytes := sub(short, 55)
                    payload := add(add(ptr, 1), lengthBytes)
                    length := shr(shl(3, sub(32, lengthBytes)), calldataload(add(ptr, 1)))
                }
            }
            // lengths are below 2^64 (at most 8 length bytes): no overflow
            if gt(add(payload, length), end) {
                mstore(0, 0x82bd8b74) // MalformedRlp()
                revert(0x1c, 4)
            }
        }
    }

    /// @notice The string at `ptr`; reverts on a list.
    function str(uint256 ptr, uint256 end) internal pure returns (uint256 payload, uint256 length) {
        bool isList;
        (payload, length, isList) = item(ptr, end);
        if (isList) revert MalformedRlp();
    }

    /// @notice The list at `ptr`; reverts on a string.
    function list(uint256 ptr, uint256 end) internal pure returns (uint256 payload, uint256 length) {
        bool isList;
        (payload, length, isList) = item(ptr, end);
        if (!isList) revert MalformedRlp();
    }

    /// @notice The offset just past the item at `ptr`.
    function skip(uint256 ptr, uint256 end) internal pure returns (uint256 next) {
        (uint256 payload, uint256 length,) = item(ptr, end);
        next = payload + length;
    }

    /// @notice A string of at most 32 bytes as a big-endian integer.
    function uintAt(uint256 ptr, uint256 end) internal pure returns (uint256 value) {
        (uint256 payload, uint256 length) = str(ptr, end);
        if (length > 32) revert MalformedRlp();
        value = _word(payload, length);
    }

    /// @notice A string of exactly 32 bytes.
    function bytes32At(uint256 ptr, uint256 end) internal pure returns (bytes32 value) {
        (uint256 payload, uint256 length) = str(ptr, end);
        if (length != 32) revert MalformedRlp();
        assembly ("memory-safe") {
            value := calldataload(payload)
        }
    }

    /// @notice The `length` (<= 32) bytes at `ptr` as a big-endian integer.
    function _word(uint256 ptr, uint256 length) private pure returns (uint256 value) {
        assembly ("memory-safe") {
            // shr by 256 (length 0) yields 0
            value := shr(shl(3, sub(32, length)), calldataload(ptr))
        }
    }
}
