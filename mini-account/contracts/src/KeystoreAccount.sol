// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccount} from "@account-abstraction/contracts/interfaces/IAccount.sol";
import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";
import {IKeystoreRootOracle} from "./interfaces/IKeystoreRootOracle.sol";
import {KeystoreAuth} from "./KeystoreAuth.sol";
import {KeystoreProofVerifier} from "./KeystoreProofVerifier.sol";

/// @title The keystore mini-account: an ERC-4337 v0.7 account (docs/spec/mini-account.md)
/// @notice Its owner key is not stored here: every user operation proves it against a
///         keystore root synced from L1 (or uses the key cached for that root), so a key
///         rotation or recovery in the keystore reaches this account without a transaction
///         on this chain. Spending rules of the keystore configuration limit what leaves the
///         account through execute/executeBatch.
contract KeystoreAccount is IAccount, KeystoreAuth {
    struct Call {
        address target;
        uint256 value;
        bytes data;
    }

    /// @dev IStakeManager.withdrawTo(address payable, uint256).
    bytes4 internal constant SELECTOR_WITHDRAW_TO = 0x205c2878;

    /// @notice The ERC-4337 EntryPoint allowed to validate and execute.
    address public immutable ENTRY_POINT;
    /// @notice The account's address in the keystore (a tree key, < 2^160).
    address public immutable KEYSTORE_ADDRESS;

    /// @notice Only the EntryPoint may call this.
    error NotEntryPoint(address caller);
    /// @notice The keystore address 0 is the tree's sentinel, not an account.
    error ZeroKeystoreAddress();
    /// @notice A call made by execute/executeBatch failed; `index` is its position.
    error CallFailed(uint256 index, bytes reason);

    modifier onlyEntryPoint() {
        if (msg.sender != ENTRY_POINT) revert NotEntryPoint(msg.sender);
        _;
    }

    constructor(
        address entryPoint,
        IKeystoreRootOracle oracle,
        KeystoreProofVerifier verifier,
        uint64 maxRootAge,
        uint64 rootGrace,
        address keystoreAddress
    ) KeystoreAuth(oracle, verifier, maxRootAge, rootGrace) {
        if (keystoreAddress == address(0)) revert ZeroKeystoreAddress();
        if (entryPoint.code.length == 0) revert InvalidSettings();
        ENTRY_POINT = entryPoint;
        KEYSTORE_ADDRESS = keystoreAddress;
    }

    receive() external payable {}

    /// @inheritdoc IAccount
    function validateUserOp(PackedUserOperation calldata userOp, bytes32 userOpHash, uint256 missingAccountFunds)
        external
        onlyEntryPoint
        returns (uint256 validationData)
    {
        validationData = _validateKeystoreSignature(
            address(this), uint160(KEYSTORE_ADDRESS), _ethSignedDigest(userOpHash), userOp.signature
        );
        if (missingAccountFunds != 0) {
            // The EntryPoint checks the deposit; a failed transfer surfaces there (AA21).
            (bool paid,) = payable(msg.sender).call{value: missingAccountFunds}("");
            paid;
        }
    }

    /// @notice One call, counted against the active spending rules.
    function execute(address target, uint256 value, bytes calldata data) external onlyEntryPoint {
        _call(0, target, value, data);
    }

    /// @notice Several calls in order, each counted against the active spending rules.
    function executeBatch(Call[] calldata calls) external onlyEntryPoint {
        for (uint256 i; i < calls.length; ++i) {
            _call(i, calls[i].target, calls[i].value, calls[i].data);
        }
    }

    /// @notice EIP-1271: `signature` (same encoding as for user operations) signs the
    ///         EIP-712 KeystoreMessage(hash) of this account.
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        bool ok = _isValidKeystoreSignature(
            address(this), uint160(KEYSTORE_ADDRESS), _messageDigest(address(this), hash), signature
        );
        return ok ? ERC1271_MAGIC : ERC1271_INVALID;
    }

    function _call(uint256 index, address target, uint256 value, bytes calldata data) private {
        _enforceSpending(address(this), target, value, data);
        // The EntryPoint deposit (refunded prefunds) is ETH of the account too.
        if (target == ENTRY_POINT && data.length >= 68 && bytes4(data[:4]) == SELECTOR_WITHDRAW_TO) {
            _enforceEthSpending(address(this), uint256(bytes32(data[36:68])));
        }
        (bool ok, bytes memory reason) = target.call{value: value}(data);
        if (!ok) revert CallFailed(index, reason);
    }
}
