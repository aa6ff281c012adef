// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {KeystoreTest} from "keystore-test/KeystoreTest.sol";
import {IBatchVerifier} from "../../src/KeystoreRollup.sol";

/// @notice ./bench prover: the gas of an exported verifier's verifyProof for one proof. The
///         bench writes test/fixtures/bench/verify-gas.json: {"code": the verifier's creation
///         code, "proof": the proof in gnark's Solidity form, "input": its public input} (a
///         verifier of keys set up by the bench itself, not the build's). Without that file
///         (every other run) the test does nothing.
contract VerifyGasBench is KeystoreTest {
    string internal constant INPUT = "/test/fixtures/bench/verify-gas.json";

    function test_verifyGas() public {
        string memory path = string.concat(vm.projectRoot(), INPUT);
        if (!vm.exists(path)) return;
        string memory json = vm.readFile(path);
        bytes memory code = vm.parseJsonBytes(json, ".code");
        IBatchVerifier verifier;
        assembly ("memory-safe") {
            verifier := create(0, add(code, 32), mload(code))
        }
        assertTrue(address(verifier) != address(0), "verifier deployed");
        bytes memory proof = vm.parseJsonBytes(json, ".proof");
        uint256[1] memory input = [vm.parseJsonUint(json, ".input")];
        uint256 g0 = gasleft();
        verifier.verifyProof(proof, input);
        logNamedUint("proof_verify_gas", g0 - gasleft());
    }
}
