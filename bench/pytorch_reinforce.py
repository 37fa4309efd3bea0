"""The source lesson's REINFORCE in PyTorch on Gymnasium's CartPole-v1, for the side-by-side in `npm run bench`.

The algorithm and hyper-parameters are the source lesson's: PolicyNetwork 4→128→128→2 with softmax, Adam
lr 1e-3, γ = 0.99, returns standardised per episode as the baseline, one episode per update,
loss = −Σ log π(a_t|s_t)·Ĝ_t. Prints one JSON line per seed.

usage: .venv-bench/bin/python bench/pytorch_reinforce.py --seeds 0 1 2 3 4 [--episodes 1000]
"""
import argparse
import json
import random
import time

import gymnasium as gym
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim
from torch.distributions import Categorical


class PolicyNetwork(nn.Module):
    def __init__(self, state_dim, action_dim, hidden=128):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(state_dim, hidden),
            nn.ReLU(),
            nn.Linear(hidden, hidden),
            nn.ReLU(),
            nn.Linear(hidden, action_dim),
            nn.Softmax(dim=-1),
        )

    def forward(self, x):
        return self.net(x)

    def select_action(self, state):
        probs = self.forward(state)
        dist = Categorical(probs)
        action = dist.sample()
        return action, dist.log_prob(action)


def train(seed, episodes, gamma=0.99):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    env = gym.make("CartPole-v1")
    policy = PolicyNetwork(state_dim=4, action_dim=2)
    optimizer = optim.Adam(policy.parameters(), lr=1e-3)
    episode_returns, steps, solved = [], 0, None
    started = time.perf_counter()
    for episode in range(episodes):
        state, _ = env.reset(seed=seed if episode == 0 else None)
        log_probs, rewards, done = [], [], False
        while not done:
            action, log_prob = policy.select_action(torch.FloatTensor(state))
            state, reward, terminated, truncated, _ = env.step(action.item())
            done = terminated or truncated
            log_probs.append(log_prob)
            rewards.append(reward)
        returns, g = [], 0.0
        for r in reversed(rewards):
            g = r + gamma * g
            returns.insert(0, g)
        returns = torch.tensor(returns)
        returns = (returns - returns.mean()) / (returns.std() + 1e-8)
        loss = -sum(lp * gt for lp, gt in zip(log_probs, returns))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        steps += len(rewards)
        episode_returns.append(sum(rewards))
        mean100 = float(np.mean(episode_returns[-100:]))
        if solved is None and episode + 1 >= 100 and mean100 >= 475:
            solved = episode + 1
    wall = time.perf_counter() - started
    means = [float(np.mean(episode_returns[max(0, i - 99): i + 1])) for i in range(len(episode_returns))]
    return {
        "implementation": "pytorch",
        "backend": f"torch {torch.__version__} cpu, {torch.get_num_threads()} threads",
        "seed": seed,
        "episodes": episodes,
        "wall_seconds": wall,
        "env_steps": steps,
        "env_steps_per_second": steps / wall,
        "solved_episode": solved,
        "final_mean_return_100": means[-1],
        "best_mean_return_100": max(means),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--episodes", type=int, default=1000)
    args = parser.parse_args()
    for seed in args.seeds:
        print(json.dumps(train(seed, args.episodes)), flush=True)


if __name__ == "__main__":
    main()
