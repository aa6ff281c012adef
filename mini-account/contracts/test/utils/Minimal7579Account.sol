// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";
import {IERC7579Validator, IERC7579Hook} from "../../src/interfaces/IERC7579Module.sol";

/// @notice A minimal ERC-7579 account for the validator tests: validators chosen by the top
///         160 bits of the userOp nonce (its key), one hook around execute, single and batch
///         executions, EIP-1271 forwarded to the validator named by the signature's first 20
///         bytes. Test-only: no fallback handlers, executors or delegatecall.
contract Minimal7579Account {
    struct Execution {
        address target;
        uint256 value;
        bytes callData;
    }

    address public immutable ENTRY_POINT;
    mapping(address => bool) public isValidator;
    address public hook;

    event ModuleInstalled(uint256 moduleTypeId, address module);
    event ModuleUninstalled(uint256 moduleTypeId, address module);

    error NotEntryPoint(address caller);
    error UnknownValidator(address validator);
    error UnsupportedModuleType(uint256 moduleTypeId);
    error UnsupportedCallType(bytes1 callType);
    error ExecutionFailed(uint256 index, bytes reason);

    modifier onlyEntryPointOrSelf() {
        if (msg.sender != ENTRY_POINT && msg.sender != address(this)) revert NotEntryPoint(msg.sender);
        _;
    }

    constructor(address entryPoint) {
        ENTRY_POINT = entryPoint;
    }

    receive() external payable {}

    /// @dev Test setup: the first validator (and hook), installed by the deployer.
    function initialize(address validator, bytes calldata validatorData, bool withHook) external {
        require(!isValidator[validator] && hook == address(0), "initialized");
        _install(1, validator, validatorData);
        if (withHook) _install(4, validator, "");
    }

    function installModule(uint256 moduleTypeId, address module, bytes calldata initData)
        external
        onlyEntryPointOrSelf
    {
        _install(moduleTypeId, module, initData);
    }

    function uninstallModule(uint256 moduleTypeId, address module, bytes calldata deInitData)
        external
        onlyEntryPointOrSelf
    {
        if (moduleTypeId == 1) delete isValidator[module];
        else if (moduleTypeId == 4) delete hook;
        else revert UnsupportedModuleType(moduleTypeId);
        IERC7579Validator(module).onUninstall(deInitData);
        emit ModuleUninstalled(moduleTypeId, module);
    }

    function validateUserOp(PackedUserOperation calldata userOp, bytes32 userOpHash, uint256 missingAccountFunds)
        external
        returns (uint256 validationData)
    {
        if (msg.sender != ENTRY_POINT) revert NotEntryPoint(msg.sender);
        address validator = address(uint160(userOp.nonce >> 96));
        if (!isValidator[validator]) revert UnknownValidator(validator);
        validationData = IERC7579Validator(validator).validateUserOp(userOp, userOpHash);
        if (missingAccountFunds != 0) {
            (bool paid,) = payable(msg.sender).call{value: missingAccountFunds}("");
            paid;
        }
    }

    /// @notice ERC-7579 execute: call type 0x00 single (target ‖ value ‖ callData), 0x01 batch
    ///         (abi.encode(Execution[])).
    function execute(bytes32 mode, bytes calldata executionCalldata) external payable onlyEntryPointOrSelf {
        address h = hook;
        bytes memory hookData;
        if (h != address(0)) hookData = IERC7579Hook(h).preCheck(msg.sender, msg.value, msg.data);
        bytes1 callType = mode[0];
        if (callType == 0x00) {
            _exec(
                0,
                address(bytes20(executionCalldata[:20])),
                uint256(bytes32(executionCalldata[20:52])),
                executionCalldata[52:]
            );
        } else if (callType == 0x01) {
            Execution[] memory executions = abi.decode(executionCalldata, (Execution[]));
            for (uint256 i; i < executions.length; ++i) {
                (bool ok, bytes memory reason) =
                    executions[i].target.call{value: executions[i].value}(executions[i].callData);
                if (!ok) revert ExecutionFailed(i, reason);
            }
        } else {
            revert UnsupportedCallType(callType);
        }
        if (h != address(0)) IERC7579Hook(h).postCheck(hookData);
    }

    function isModuleInstalled(uint256 moduleTypeId, address module, bytes calldata) external view returns (bool) {
        if (moduleTypeId == 1) return isValidator[module];
        if (moduleTypeId == 4) return hook == module;
        return false;
    }

    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        address validator = address(bytes20(signature[:20]));
        if (!isValidator[validator]) return 0xffffffff;
        return IERC7579Validator(validator).isValidSignatureWithSender(msg.sender, hash, signature[20:]);
    }

    function _install(uint256 moduleTypeId, address module, bytes memory initData) private {
        if (!IERC7579Validator(module).isModuleType(moduleTypeId)) revert UnsupportedModuleType(moduleTypeId);
        if (moduleTypeId == 1) isValidator[module] = true;
        else if (moduleTypeId == 4) hook = module;
        else revert UnsupportedModuleType(moduleTypeId);
        IERC7579Validator(module).onInstall(initData);
        emit ModuleInstalled(moduleTypeId, module);
    }

    function _exec(uint256 index, address target, uint256 value, bytes calldata data) private {
        (bool ok, bytes memory reason) = target.call{value: value}(data);
        if (!ok) revert ExecutionFailed(index, reason);
    }
}
