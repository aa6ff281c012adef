// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";
import {IERC7579Validator, IERC7579Hook, IERC7579AccountModules} from "./interfaces/IERC7579Module.sol";
import {IKeystoreRootOracle} from "./interfaces/IKeystoreRootOracle.sol";
import {KeystoreAuth} from "./KeystoreAuth.sol";
import {KeystoreProofVerifier} from "./KeystoreProofVerifier.sol";

/// @title The keystore key check as an ERC-7579 validator (type 1) and spending hook (type 4)
/// @notice One instance serves every account. Installed as a validator with
///         `abi.encode(keystoreAddress)`, it checks user operations and EIP-1271 signatures
///         exactly as KeystoreAccount does (same signature encoding, cache, freshness
///         window, grace of a superseded root and freeze during a recovery). Installed also as a hook (empty init data), it counts each
///         `execute(bytes32 mode, bytes executionCalldata)` of the account against the
///         spending rules of the configuration that last authorised an operation.
/// @dev    While the active configuration has spending rules, the validator only accepts
///         user operations whose callData is an `execute` call, on an account that has this
///         module installed as its hook: otherwise a stolen key could uninstall the hook and
///         lift the limits.
contract KeystoreValidator is IERC7579Validator, IERC7579Hook, KeystoreAuth {
    uint256 internal constant TYPE_VALIDATOR = 1;
    uint256 internal constant TYPE_HOOK = 4;
    /// @dev ERC-7579 execute(bytes32 mode, bytes executionCalldata).
    bytes4 internal constant SELECTOR_EXECUTE = 0xe9ae5c53;
    bytes1 internal constant CALLTYPE_SINGLE = 0x00;
    bytes1 internal constant CALLTYPE_BATCH = 0x01;

    struct Execution {
        address target;
        uint256 value;
        bytes callData;
    }

    /// @notice account => its keystore address (0 = not installed).
    mapping(address => address) public keystoreOf;

    /// @notice The module was installed as a validator for `account`.
    event KeystoreValidatorInstalled(address indexed account, address indexed keystoreAddress);
    /// @notice The module was removed as a validator from `account`.
    event KeystoreValidatorUninstalled(address indexed account);

    /// @notice The account has no keystore address (the validator is not installed).
    error NotInitialized(address account);
    /// @notice The validator is already installed for the account.
    error AlreadyInitialized(address account);
    /// @notice Install data is not abi.encode(nonzero keystore address).
    error InvalidInstallData();
    /// @notice With spending rules active, only execute() user operations are accepted.
    error CallNotAllowedUnderSpendingRules(bytes4 selector);
    /// @notice The configuration has spending rules but the account does not run this hook.
    error SpendingHookNotInstalled(address account);
    /// @notice countExecution is internal to preCheck.
    error OnlySelf(address caller);
    /// @notice An execution mode the spending hook does not read (e.g. delegatecall).
    error UnsupportedExecutionMode(bytes32 mode);

    constructor(IKeystoreRootOracle oracle, KeystoreProofVerifier verifier, uint64 maxRootAge, uint64 rootGrace)
        KeystoreAuth(oracle, verifier, maxRootAge, rootGrace)
    {}

    // ------------------------------------------------------------------- module

    /// @notice Validator install: abi.encode(keystoreAddress). Hook install: empty data.
    function onInstall(bytes calldata data) external {
        if (data.length == 0) {
            if (keystoreOf[msg.sender] == address(0)) revert NotInitialized(msg.sender);
            return;
        }
        if (data.length != 32) revert InvalidInstallData();
        address keystore = abi.decode(data, (address));
        if (keystore == address(0)) revert InvalidInstallData();
        if (keystoreOf[msg.sender] != address(0)) revert AlreadyInitialized(msg.sender);
        keystoreOf[msg.sender] = keystore;
        emit KeystoreValidatorInstalled(msg.sender, keystore);
    }

    /// @notice Validator uninstall (any data but empty): forgets the keystore address. Hook
    ///         uninstall (empty data): nothing to forget.
    function onUninstall(bytes calldata data) external {
        if (data.length == 0) return;
        if (keystoreOf[msg.sender] == address(0)) revert NotInitialized(msg.sender);
        delete keystoreOf[msg.sender];
        emit KeystoreValidatorUninstalled(msg.sender);
    }

    function isModuleType(uint256 moduleTypeId) external pure returns (bool) {
        return moduleTypeId == TYPE_VALIDATOR || moduleTypeId == TYPE_HOOK;
    }

    function isInitialized(address smartAccount) external view returns (bool) {
        return keystoreOf[smartAccount] != address(0);
    }

    // ---------------------------------------------------------------- validator

    function validateUserOp(PackedUserOperation calldata userOp, bytes32 userOpHash) external returns (uint256) {
        address keystore = _keystoreOf(msg.sender);
        uint256 validationData =
            _validateKeystoreSignature(msg.sender, uint160(keystore), _ethSignedDigest(userOpHash), userOp.signature);
        if (activeSpendingRules(msg.sender) != 0) {
            bytes4 selector = userOp.callData.length >= 4 ? bytes4(userOp.callData[:4]) : bytes4(0);
            if (selector != SELECTOR_EXECUTE) revert CallNotAllowedUnderSpendingRules(selector);
            if (!IERC7579AccountModules(msg.sender).isModuleInstalled(TYPE_HOOK, address(this), "")) {
                revert SpendingHookNotInstalled(msg.sender);
            }
        }
        return validationData;
    }

    function isValidSignatureWithSender(address, bytes32 hash, bytes calldata data) external view returns (bytes4) {
        address keystore = keystoreOf[msg.sender];
        if (keystore == address(0)) return ERC1271_INVALID;
        bool ok = _isValidKeystoreSignature(msg.sender, uint160(keystore), _messageDigest(msg.sender, hash), data);
        return ok ? ERC1271_MAGIC : ERC1271_INVALID;
    }

    // --------------------------------------------------------------------- hook

    /// @notice Counts an `execute` call of the account (msg.sender) against its active rules;
    ///         other calls pass.
    function preCheck(address, uint256, bytes calldata msgData) external returns (bytes memory) {
        if (msgData.length < 4 || bytes4(msgData[:4]) != SELECTOR_EXECUTE) return "";
        if (activeSpendingRules(msg.sender) == 0) return "";
        (bytes32 mode, bytes memory executionCalldata) = abi.decode(msgData[4:], (bytes32, bytes));
        this.countExecution(msg.sender, mode, executionCalldata);
        return "";
    }

    function postCheck(bytes calldata) external pure {}

    /// @notice Counts one ERC-7579 execution (single or batch) of `account`; callable only by
    ///         this contract (preCheck), to read the execution data as calldata.
    function countExecution(address account, bytes32 mode, bytes calldata executionCalldata) external {
        if (msg.sender != address(this)) revert OnlySelf(msg.sender);
        bytes1 callType = mode[0];
        if (callType == CALLTYPE_SINGLE) {
            address target = address(bytes20(executionCalldata[:20]));
            uint256 value = uint256(bytes32(executionCalldata[20:52]));
            _enforceSpending(account, target, value, executionCalldata[52:]);
        } else if (callType == CALLTYPE_BATCH) {
            Execution[] calldata executions;
            assembly ("memory-safe") {
                let offset := add(executionCalldata.offset, calldataload(executionCalldata.offset))
                executions.offset := add(offset, 32)
                executions.length := calldataload(offset)
            }
            for (uint256 i; i < executions.length; ++i) {
                _enforceSpending(account, executions[i].target, executions[i].value, executions[i].callData);
            }
        } else {
            revert UnsupportedExecutionMode(mode);
        }
    }

    function _keystoreOf(address account) private view returns (address keystore) {
        keystore = keystoreOf[account];
        if (keystore == address(0)) revert NotInitialized(account);
    }
}
