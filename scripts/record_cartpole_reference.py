"""Records reference CartPole-v1 trajectories from Gymnasium, for test/unit/cartpole.test.ts.

Run by hand when the reference should change (needs `gymnasium` in the project venv):

    .venv/bin/pip install gymnasium==1.4.0
    .venv/bin/python scripts/record_cartpole_reference.py > test/fixtures/cartpole_gymnasium.json

Each case starts from a fixed state (set on the unwrapped env after reset) or from reset(seed=…), and
takes its actions from a fixed list, a seeded random generator, or a deterministic feedback rule that
the TypeScript test re-implements (a rule keeps the pole up for the 500 steps that the time limit
allows; replaying a fixed list that long would amplify rounding differences through the unstable
dynamics instead of testing the physics). Floats are written with repr, so they round-trip exactly.
"""
import json
import sys

import gymnasium as gym
import numpy as np

from gymnasium_reference import record_case


def balance(state):
    """Push towards where the pole is falling (a PD rule on the angle, with a little cart centring)."""
    x, x_dot, theta, theta_dot = state
    return int(theta + 0.5 * theta_dot + 0.01 * x + 0.1 * x_dot > 0)


def drift_right(state):
    """Balance the pole leaning right (θ ≈ 0.05): the cart must keep accelerating right, past x = 2.4."""
    x, x_dot, theta, theta_dot = state
    return int((theta - 0.05) + 0.5 * theta_dot > 0)


def drift_left(state):
    """The mirror image: the pole leans left and the cart leaves the track at x = −2.4."""
    x, x_dot, theta, theta_dot = state
    return int((theta + 0.05) + 0.5 * theta_dot > 0)


RULES = {"balance": balance, "drift_right": drift_right, "drift_left": drift_left}


def run(name, *, seed=0, start=None, actions=None, random_actions_seed=None, rule=None):
    rng = np.random.default_rng(random_actions_seed) if random_actions_seed is not None else None

    def choose(t, state):
        if actions is not None:
            return actions[t % len(actions)]
        if rng is not None:
            return int(rng.integers(2))
        return RULES[rule](state)

    return record_case("CartPole-v1", name, choose, seed=seed, start=start, rule=rule)


def main():
    cases = [
        run("always right from a fixed state", start=[0.01, -0.02, 0.03, 0.04], actions=[1]),
        run("always left from a fixed state", start=[-0.03, 0.01, -0.02, 0.05], actions=[0]),
        run("alternating from a fixed state", start=[0.0, 0.0, 0.01, 0.0], actions=[0, 1]),
        run("pattern LLRRR from the edge of the reset range", start=[0.05, -0.05, 0.05, -0.05], actions=[0, 0, 1, 1, 1]),
    ]
    cases += [run(f"reset(seed={s}) then random actions", seed=s, random_actions_seed=100 + s) for s in range(6)]
    cases += [run("balance rule until the time limit", seed=7, rule="balance")]
    cases += [run("drift-right rule until the cart leaves the track", seed=3, rule="drift_right")]
    cases += [run("drift-left rule until the cart leaves the track", seed=3, rule="drift_left")]
    json.dump({"gymnasium": gym.__version__, "env": "CartPole-v1", "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
