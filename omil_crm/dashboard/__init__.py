"""The top floor that reads every app: the home page's cards, the panel's figures and the
monthly report. It only reads; what it shows is written by the apps' services."""
