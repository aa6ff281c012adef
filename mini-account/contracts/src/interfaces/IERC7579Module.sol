// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {PackedUserOperation} from "@account-abstraction/contracts/interfaces/PackedUserOperation.sol";

/// @notice ERC-7579 module interfaces (the subset this project implements).
interface IERC7579Module {
    /// Called by the account when the module is installed; `data` is module-specific.
    function onInstall(bytes calldata data) external;
    /// Called by the account when the module is removed.
    function onUninstall(bytes calldata data) external;
    /// Whether the module is of the given type (1 validator, 2 executor, 3 fallback, 4 hook).
    function isModuleType(uint256 moduleTypeId) external view returns (bool);
    /// Whether the module is set up for the account.
    function isInitialized(address smartAccount) external view returns (bool);
}

/// @notice ERC-7579 validator (module type 1).
interface IERC7579Validator is IERC7579Module {
    function validateUserOp(PackedUserOperation calldata userOp, bytes32 userOpHash) external returns (uint256);
    function isValidSignatureWithSender(address sender, bytes32 hash, bytes calldata data)
        external
        view
        returns (bytes4);
}

/// @notice ERC-7579 hook (module type 4).
interface IERC7579Hook is IERC7579Module {
    function preCheck(address msgSender, uint256 msgValue, bytes calldata msgData)
        external
        returns (bytes memory hookData);
    function postCheck(bytes calldata hookData) external;
}

/// @notice The part of an ERC-7579 account a module queries.
interface IERC7579AccountModules {
    function isModuleInstalled(uint256 moduleTypeId, address module, bytes calldata additionalContext)
        external
        view
        returns (bool);
}
