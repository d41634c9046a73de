"""The financials tab: transactions, budget, funding, sales and project finances."""
