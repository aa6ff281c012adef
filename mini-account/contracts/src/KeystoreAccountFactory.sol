// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IKeystoreRootOracle} from "./interfaces/IKeystoreRootOracle.sol";
import {KeystoreAccount} from "./KeystoreAccount.sol";
import {KeystoreProofVerifier} from "./KeystoreProofVerifier.sol";

/// @title CREATE2 factory of KeystoreAccount
/// @notice The account of a keystore address is at the same address on every chain where
///         this factory sits at the same address with the same EntryPoint, oracle address
///         verifier address, maxRootAge and rootGrace (deploy it through the CREATE2 deployer 0x4e59...956C).
contract KeystoreAccountFactory {
    address public immutable ENTRY_POINT;
    IKeystoreRootOracle public immutable ORACLE;
    KeystoreProofVerifier public immutable VERIFIER;
    uint64 public immutable MAX_ROOT_AGE;
    uint64 public immutable ROOT_GRACE;

    /// @notice An account was deployed for a keystore address.
    event AccountCreated(address indexed keystoreAddress, address account);

    constructor(
        address entryPoint,
        IKeystoreRootOracle oracle,
        KeystoreProofVerifier verifier,
        uint64 maxRootAge,
        uint64 rootGrace
    ) {
        ENTRY_POINT = entryPoint;
        ORACLE = oracle;
        VERIFIER = verifier;
        MAX_ROOT_AGE = maxRootAge;
        ROOT_GRACE = rootGrace;
    }

    /// @notice Deploys the account of `keystoreAddress` (or returns it when it exists), as
    ///         ERC-4337 initCode calls it.
    function createAccount(address keystoreAddress) external returns (KeystoreAccount account) {
        address predicted = getAddress(keystoreAddress);
        if (predicted.code.length != 0) return KeystoreAccount(payable(predicted));
        account = new KeystoreAccount{salt: bytes32(0)}(
            ENTRY_POINT, ORACLE, VERIFIER, MAX_ROOT_AGE, ROOT_GRACE, keystoreAddress
        );
        emit AccountCreated(keystoreAddress, address(account));
    }

    /// @notice The counterfactual account address of `keystoreAddress`.
    function getAddress(address keystoreAddress) public view returns (address) {
        bytes32 initCodeHash = keccak256(
            abi.encodePacked(
                type(KeystoreAccount).creationCode,
                abi.encode(ENTRY_POINT, ORACLE, VERIFIER, MAX_ROOT_AGE, ROOT_GRACE, keystoreAddress)
            )
        );
        return
            address(
                uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), bytes32(0), initCodeHash))))
            );
    }
}
