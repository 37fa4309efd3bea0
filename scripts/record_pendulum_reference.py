"""Records reference Pendulum-v1 trajectories from Gymnasium, for test/unit/pendulum.test.ts.

Run by hand when the reference should change (needs `gymnasium` in a venv):

    .venv/bin/pip install gymnasium==1.4.0 "numpy>=2"

(NumPy ≥ 2: its promotion rules keep a float32 torque's terms in float32, which src/envs/pendulum.ts mirrors;
NumPy 1.x would widen them to float64.)
    .venv/bin/python scripts/record_pendulum_reference.py > test/fixtures/pendulum_gymnasium.json

Each case starts from a fixed state (set on the unwrapped env after reset) and takes float32 torque
vectors, as an agent's Box sample is: fixed ones (inside and outside the ±2 clip), seeded random ones
from N(0, 3²) (so that many are clipped), or a swing-up rule that drives the speed into its ±8 clip. The
time limit of 200 steps ends every case. Floats are written with repr, so they round-trip exactly.
"""
import json

import gymnasium as gym
import numpy as np

from gymnasium_reference import record_case


def pump(state):
    """Push along the motion, always at full torque and beyond: the speed grows until it is clipped at ±8."""
    theta, theta_dot = state
    return 5.0 if theta_dot >= 0 else -5.0


def run(name, start, *, actions=None, random_actions_seed=None, rule=None):
    rng = np.random.default_rng(random_actions_seed) if random_actions_seed is not None else None

    def choose(t, state):
        if actions is not None:
            torque = actions[t % len(actions)]
        elif rng is not None:
            torque = rng.normal(0.0, 3.0)
        else:
            torque = {"pump": pump}[rule](state)
        return np.array([torque], dtype=np.float32)  # a Box sample is float32

    return record_case("Pendulum-v1", name, choose, start=start, rule=rule, max_steps=250, action_json=lambda a: float(a[0]))


def main():
    cases = [
        run("no torque, 0.3 rad from upright: it falls and swings", [0.3, 0.0], actions=[0.0]),
        run("full torque one way, then beyond the clip the other way", [2.5, -0.5], actions=[2.0, 2.0, -3.5, -7.0, 0.25]),
        run("random torques N(0, 3²), many clipped", [-1.0, 0.8], random_actions_seed=7),
        run("from hanging down, pumped until the speed hits its ±8 clip", [np.pi - 0.1, 0.0], rule="pump"),
        run("upright and still, nudged by a tiny torque", [0.0, 0.0], actions=[0.001]),
    ]
    print(json.dumps({"gymnasium": gym.__version__, "numpy": np.__version__, "env": "Pendulum-v1", "cases": cases}, indent=1))


if __name__ == "__main__":
    main()
