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
    function item(uint256 ptr, uint256 end)
        internal
        pure
        returns (uint256 payload, uint256 length, bool isList)
    {
        if (ptr >= end) revert MalformedRlp();
        uint256 b0;
        assembly ("memory-safe") {
            b0 := byte(0, calldataload(ptr))
        }
        if (b0 < 0x80) {
            (payload, length) = (ptr, 1);
        } else if (b0 < 0xb8) {
            (payload, length) = (ptr + 1, b0 - 0x80);
        } else if (b0 < 0xc0) {
            (payload, length) = _long(ptr, b0 - 0xb7);
        } else if (b0 < 0xf8) {
            (payload, length, isList) = (ptr + 1, b0 - 0xc0, true);
        } else {
            (payload, length) = _long(ptr, b0 - 0xf7);
            isList = true;
        }
        // lengths are below 2^64 (at most 8 length bytes): no overflow
        if (payload + length > end) revert MalformedRlp();
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

    /// @dev The long form: `lengthBytes` (1..8) big-endian bytes of length after the prefix.
    function _long(uint256 ptr, uint256 lengthBytes) private pure returns (uint256 payload, uint256 length) {
        payload = ptr + 1 + lengthBytes;
        length = _word(ptr + 1, lengthBytes);
    }
}
