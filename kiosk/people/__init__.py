"""Customers and how they prove who they are: resident numbers, ID documents, accounts."""
